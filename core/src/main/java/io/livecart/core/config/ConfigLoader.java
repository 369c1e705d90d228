package io.livecart.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import io.livecart.core.Errors;
import io.livecart.core.landing.Source;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Builds the one {@link LiveCartConfig} of a process from four layers, lowest to highest
 * precedence:
 *
 * <ol>
 *   <li>the defaults, {@code conf/livecart.conf} (bundled in the jar as {@code livecart.conf});
 *   <li>the file given with {@code --config} or the {@code LIVECART_CONFIG} environment variable;
 *   <li>environment variables named {@code LIVECART_} + the key after {@code livecart.},
 *       upper-cased, dots and dashes as underscores ({@code livecart.paths.root} is {@code
 *       LIVECART_PATHS_ROOT}); only keys the defaults declare can be set this way;
 *   <li>the command line ({@code --set key=value}, and typed options applied by the command).
 * </ol>
 *
 * Substitutions are resolved after stacking, so overriding {@code livecart.paths.root} in any layer
 * moves every folder defined relative to it.
 */
public final class ConfigLoader {
  public static final String CONFIG_FILE_VARIABLE = "LIVECART_CONFIG";
  private static final String DEFAULTS_RESOURCE = "livecart.conf";
  private static final String PREFIX = "livecart.";

  private ConfigLoader() {}

  /**
   * @param configFile the file of layer 2, or empty to use {@code LIVECART_CONFIG} if set
   * @param environment the process environment (passed in so tests can control it)
   * @param overrides layer 4, {@code key=value} pairs; a key without the {@code livecart.} prefix
   *     gets it
   * @throws io.livecart.core.LiveCartException if a file is missing or a value is invalid
   */
  public static LiveCartConfig load(
      Optional<Path> configFile, Map<String, String> environment, List<String> overrides) {
    ConfigParseOptions parse = ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF);
    try {
      Config defaults =
          ConfigFactory.parseResources(
              ConfigLoader.class, "/" + DEFAULTS_RESOURCE, parse.setAllowMissing(false));
      Config file =
          configFile
              .or(() -> Optional.ofNullable(environment.get(CONFIG_FILE_VARIABLE)).map(Path::of))
              .map(ConfigLoader::parseFile)
              .orElse(ConfigFactory.empty());
      Config stacked =
          ConfigFactory.parseMap(commandLine(overrides), "command line")
              .withFallback(
                  ConfigFactory.parseMap(fromEnvironment(defaults, environment), "environment"))
              .withFallback(file)
              .withFallback(defaults)
              .resolve(ConfigResolveOptions.noSystem());
      return typed(stacked.getConfig("livecart"));
    } catch (ConfigException e) {
      throw Errors.badConfig(e.getMessage(), e);
    }
  }

  private static Config parseFile(Path path) {
    if (!Files.isRegularFile(path)) {
      throw Errors.configFileMissing(path);
    }
    return ConfigFactory.parseFile(
        path.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
  }

  private static Map<String, String> fromEnvironment(
      Config defaults, Map<String, String> environment) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> entry : defaults.entrySet()) {
      String key = entry.getKey();
      String variable = environmentName(key);
      if (variable != null && environment.containsKey(variable)) {
        values.put(key, environment.get(variable));
      }
    }
    return values;
  }

  /** The environment variable that overrides {@code key}, or null for keys outside livecart. */
  static String environmentName(String key) {
    if (!key.startsWith(PREFIX)) {
      return null;
    }
    return "LIVECART_"
        + key.substring(PREFIX.length())
            .replace('"', ' ')
            .strip()
            .replaceAll("[.\\-\" ]+", "_")
            .toUpperCase(Locale.ROOT);
  }

  private static Map<String, String> commandLine(List<String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw Errors.badOption(
            "--set", override, "key=value, e.g. --set paths.root=/data/livecart");
      }
      String key = override.substring(0, eq).strip();
      values.put(key.startsWith(PREFIX) ? key : PREFIX + key, override.substring(eq + 1).strip());
    }
    return values;
  }

  private static LiveCartConfig typed(Config livecart) {
    Map<String, String> spark = new LinkedHashMap<>();
    Config sparkBlock = livecart.getConfig("spark");
    for (Map.Entry<String, ConfigValue> entry : sparkBlock.entrySet()) {
      spark.put(unquote(entry.getKey()), String.valueOf(entry.getValue().unwrapped()));
    }
    return new LiveCartConfig(
        livecart.getString("paths.landing"),
        livecart.getString("paths.warehouse"),
        livecart.getString("paths.truth"),
        livecart.getString("paths.reports"),
        livecart.getString("pii.key"),
        livecart.getString("pii.key-file"),
        zone(livecart.getString("time-zone")),
        spark,
        numbers("livecart.silver.parameters.", livecart.getConfig("silver.parameters")),
        numbers("livecart.gold.parameters.", livecart.getConfig("gold.parameters")),
        goldThreads(livecart),
        lists(livecart.getConfig("gold.comment-topics")),
        numbers("livecart.models.parameters.", livecart.getConfig("models.parameters")),
        warehouses(livecart.getConfig("models.warehouses")),
        encodings(livecart.getConfig("landing-encodings")),
        freshness(livecart.getConfig("freshness")),
        timeTravelDays(livecart.getConfig("maintenance")),
        maintenanceNight(livecart.getConfig("maintenance").getString("night")),
        compileFromLandingBytes(livecart),
        valid(
            livecart,
            PREFIX,
            "ingest-pass-size",
            livecart::getBytes,
            bytes -> bytes > 0,
            "a size such as 2G or 500M, above 0"));
  }

  private static long compileFromLandingBytes(Config livecart) {
    return valid(
        livecart,
        PREFIX,
        "compile-from-landing-size",
        livecart::getBytes,
        bytes -> bytes >= 0,
        "a size such as 1G or 500M (0: every run)");
  }

  /**
   * The value at {@code key} of {@code block} as {@code read} gives it, or an error naming the key
   * (after {@code prefix}, the block's own path) and what is expected when it cannot be read so or
   * is not {@code valid}.
   */
  private static <T> T valid(
      Config block,
      String prefix,
      String key,
      Function<String, T> read,
      Predicate<T> valid,
      String expected) {
    T value;
    try {
      value = read.apply(key);
    } catch (ConfigException e) {
      value = null;
    }
    if (value == null || !valid.test(value)) {
      throw Errors.badOption(
          prefix + key, String.valueOf(block.getValue(key).unwrapped()), expected);
    }
    return value;
  }

  private static Optional<DayOfWeek> maintenanceNight(String value) {
    if (value.equals("off")) {
      return Optional.empty();
    }
    try {
      return Optional.of(DayOfWeek.valueOf(value.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw Errors.badOption(
          "livecart.maintenance.night", value, "off, or a day of the week such as sunday");
    }
  }

  /** At least the 7 days under which Delta refuses to VACUUM (a writer may still need files). */
  private static int timeTravelDays(Config maintenance) {
    Double days = optional(maintenance, "livecart.maintenance.", "time-travel-days", 7, 3650, true);
    if (days == null) {
      throw Errors.badOption(
          "livecart.maintenance.time-travel-days", "off", "a whole number from 7 to 3650");
    }
    return days.intValue();
  }

  /**
   * The landing encodings by source. Only encodings that write ASCII as ASCII are accepted: files
   * are split into lines at their newline bytes before they are decoded (UTF-16 would not split).
   */
  private static Map<Source, Charset> encodings(Config block) {
    Map<Source, Charset> encodings = new EnumMap<>(Source.class);
    for (String name : block.root().keySet()) {
      String key = "livecart.landing-encodings." + name;
      Source source = source(key, name);
      String value = block.getString(ConfigUtil.joinPath(name));
      Charset charset;
      try {
        charset = Charset.forName(value);
      } catch (IllegalArgumentException e) {
        charset = null;
      }
      if (charset == null || !asciiCompatible(charset)) {
        throw Errors.badOption(
            key, value, "an encoding that writes ASCII as ASCII, such as UTF-8, GB18030 or Big5");
      }
      encodings.put(source, charset);
    }
    return encodings;
  }

  private static Source source(String key, String name) {
    return Source.ofFolder(name)
        .orElseThrow(
            () ->
                Errors.badOption(
                    key,
                    name,
                    "a source: "
                        + Arrays.stream(Source.values())
                            .map(Source::folder)
                            .collect(Collectors.joining(", "))));
  }

  /** The freshness rules: days are whole numbers of at least 1, shares lie in (0, 1]. */
  private static Freshness freshness(Config block) {
    Map<Source, Freshness.Rule> rules = new EnumMap<>(Source.class);
    Config sources = block.getConfig("sources");
    for (String name : sources.root().keySet()) {
      String prefix = "livecart.freshness.sources." + name + ".";
      Source source = source(prefix + "*", name);
      Config rule = sources.getConfig(ConfigUtil.joinPath(name));
      Double warnAfter = optional(rule, prefix, "warn-after-days", 1, 3650, true);
      Double errorAfter = optional(rule, prefix, "error-after-days", 1, 3650, true);
      rules.put(
          source,
          new Freshness.Rule(
              warnAfter == null ? null : warnAfter.intValue(),
              errorAfter == null ? null : errorAfter.intValue(),
              optional(rule, prefix, "warn-below", 0, 1, false),
              optional(rule, prefix, "error-below", 0, 1, false)));
    }
    return new Freshness(
        required(block, "volume-window-days", 3650),
        required(block, "min-median-rows", 1e9),
        rules);
  }

  private static int required(Config freshness, String name, double max) {
    Double value = optional(freshness, "livecart.freshness.", name, 1, max, true);
    if (value == null) {
      throw Errors.badOption("livecart.freshness." + name, "off", "a whole number of at least 1");
    }
    return value.intValue();
  }

  /**
   * A number of {@code block}, or null when it is absent, null or {@code off}; an error naming the
   * key when it is not a number in [min, max] (or not whole, when {@code whole}).
   */
  private static Double optional(
      Config block, String prefix, String name, double min, double max, boolean whole) {
    if (!block.hasPath(name) || "off".equals(block.getValue(name).unwrapped())) {
      return null;
    }
    String expected =
        String.format(
            whole
                ? "a whole number from %.0f to %.0f, or off"
                : "a share from %.0f to %.0f, or off",
            min,
            max);
    return valid(
        block,
        prefix,
        name,
        block::getDouble,
        value -> value >= min && value <= max && (!whole || value == Math.rint(value)),
        expected);
  }

  private static boolean asciiCompatible(Charset charset) {
    String ascii = "\n\r\t ,\"{}:0123456789abcxyzABCXYZ";
    return charset.canEncode()
        && Arrays.equals(ascii.getBytes(charset), ascii.getBytes(StandardCharsets.US_ASCII));
  }

  private static int goldThreads(Config livecart) {
    return valid(
        livecart,
        PREFIX,
        "gold.threads",
        livecart::getInt,
        n -> n >= 1,
        "a whole number of threads, at least 1");
  }

  private static Map<String, Number> numbers(String prefix, Config block) {
    Map<String, Number> parameters = new TreeMap<>();
    for (String name : block.root().keySet()) {
      double value;
      try {
        value = block.getDouble(name);
      } catch (ConfigException e) {
        throw Errors.badOption(prefix + name, block.getValue(name).render(), "a number");
      }
      boolean whole = value == Math.rint(value) && Math.abs(value) < Integer.MAX_VALUE;
      parameters.put(name, whole ? (Number) (int) value : (Number) value);
    }
    return parameters;
  }

  /** A block of {@code name = [strings]} entries. */
  private static Map<String, List<String>> lists(Config block) {
    Map<String, List<String>> lists = new TreeMap<>();
    for (String name : block.root().keySet()) {
      lists.put(name, List.copyOf(block.getStringList(ConfigUtil.joinPath(name))));
    }
    return lists;
  }

  /** The warehouses' provinces; a province listed under two warehouses is an error. */
  private static Map<String, List<String>> warehouses(Config block) {
    Map<String, List<String>> warehouses = lists(block);
    Map<String, String> owner = new TreeMap<>();
    warehouses.forEach(
        (warehouse, provinces) ->
            provinces.forEach(
                province -> {
                  String other = owner.putIfAbsent(province, warehouse);
                  if (other != null) {
                    throw Errors.badOption(
                        "livecart.models.warehouses." + warehouse,
                        province,
                        "a province no other warehouse lists (" + other + " does)");
                  }
                }));
    return warehouses;
  }

  private static ZoneId zone(String name) {
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      throw Errors.badOption("livecart.time-zone", name, "a time-zone id such as Asia/Shanghai");
    }
  }

  private static String unquote(String key) {
    return key.replace("\"", "");
  }
}
