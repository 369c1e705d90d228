package io.livecart.core.config;

import io.livecart.core.Errors;
import io.livecart.core.landing.Source;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The typed configuration handed to every job. Built once per process by {@link ConfigLoader}; jobs
 * read nothing else (no system properties, no environment).
 *
 * @param landing where raw source files arrive: {@code <landing>/<source>/dt=YYYY-MM-DD/}
 * @param warehouse where the Delta tables live
 * @param truth where the generator writes what it knows (never read by the pipeline)
 * @param reports where each night's planner report and exports are written, one folder per date
 * @param piiKey the key of the keyed hash that replaces personal data; empty to use {@code
 *     piiKeyFile}
 * @param piiKeyFile where a generated key is kept when {@code piiKey} is empty
 * @param timeZone the zone whose calendar days are business days
 * @param sparkDefaults Spark settings applied when nobody else set them
 * @param silverParameters the thresholds that judge a row of landing data ({@code
 *     livecart.silver.parameters}): beyond them a row is quarantined with the reason
 * @param goldParameters the named parameters of the gold SQL ({@code :name}): alert thresholds,
 *     windows and weights; whole numbers are integers
 * @param goldThreads how many gold tables are built at once ({@code livecart.gold.threads}), each
 *     as soon as the gold tables its SQL reads are built
 * @param commentTopics the comment keyword lexicon: topic to the keywords counted under it
 * @param modelParameters the models' windows, schedule and hyperparameters ({@code
 *     livecart.models.parameters}); whole numbers are integers
 * @param warehouseProvinces which provinces each warehouse ships to ({@code
 *     livecart.models.warehouses}): the replenishment model routes an order's units to the
 *     warehouse of its province
 * @param landingEncodings the character encoding of a source's landing files when it is not UTF-8
 *     ({@code livecart.landing-encodings}), by source
 * @param freshness what each night expects of the sources' deliveries ({@code livecart.freshness})
 * @param timeTravelDays how far back every table can be read as it was ({@code
 *     livecart.maintenance.time-travel-days}): {@code maintain} keeps the log and the data files of
 *     this many days, and deletes older ones no version inside the window needs
 * @param maintenanceNight the day of the week whose night ends with {@code maintain} ({@code
 *     livecart.maintenance.night}), or empty: {@code off}, maintenance is scheduled on its own
 * @param compileFromLandingBytes from how many bytes of landing files (decoded, unzipped) a run
 *     compiles its queries instead of interpreting them ({@code
 *     livecart.compile-from-landing-size}; see {@link
 *     io.livecart.core.spark.Sessions#compileIfLarge})
 * @param ingestPassBytes how many bytes of landing files (decoded) an ingest reads and writes in
 *     one pass at most ({@code livecart.ingest-pass-size}): a longer range is ingested in passes of
 *     consecutive days, each holding only its own lines in memory and on local disk
 */
public record LiveCartConfig(
    String landing,
    String warehouse,
    String truth,
    String reports,
    String piiKey,
    String piiKeyFile,
    ZoneId timeZone,
    Map<String, String> sparkDefaults,
    Map<String, Number> silverParameters,
    Map<String, Number> goldParameters,
    int goldThreads,
    Map<String, List<String>> commentTopics,
    Map<String, Number> modelParameters,
    Map<String, List<String>> warehouseProvinces,
    Map<Source, Charset> landingEncodings,
    Freshness freshness,
    int timeTravelDays,
    Optional<DayOfWeek> maintenanceNight,
    long compileFromLandingBytes,
    long ingestPassBytes) {

  public LiveCartConfig {
    sparkDefaults = Map.copyOf(sparkDefaults);
    silverParameters = Map.copyOf(silverParameters);
    goldParameters = Map.copyOf(goldParameters);
    commentTopics = Map.copyOf(commentTopics);
    modelParameters = Map.copyOf(modelParameters);
    warehouseProvinces = Map.copyOf(warehouseProvinces);
    landingEncodings = Map.copyOf(landingEncodings);
  }

  /** The character encoding of {@code source}'s landing files: UTF-8 unless configured. */
  public Charset encoding(Source source) {
    return landingEncodings.getOrDefault(source, StandardCharsets.UTF_8);
  }

  /** A model parameter; an error naming the key when the configuration lacks it. */
  public Number modelParameter(String name) {
    return parameter(modelParameters, "livecart.models.parameters.", name);
  }

  /** A named parameter of the gold SQL; an error naming the key when the configuration lacks it. */
  public Number goldParameter(String name) {
    return parameter(goldParameters, "livecart.gold.parameters.", name);
  }

  /** A silver threshold; an error naming the key when the configuration lacks it. */
  public Number silverParameter(String name) {
    return parameter(silverParameters, "livecart.silver.parameters.", name);
  }

  private static Number parameter(Map<String, Number> block, String prefix, String name) {
    Number value = block.get(name);
    if (value == null) {
      throw Errors.badConfig(prefix + name + " is not set", null);
    }
    return value;
  }
}
