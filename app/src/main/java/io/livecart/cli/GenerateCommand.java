package io.livecart.cli;

import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.jobs.generate.Generator;
import io.livecart.jobs.generate.Scale;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Write a realistic, deterministic live-commerce world into the landing zone, one folder per"
          + " source and day, and the truth behind it (latent purchase rates, true demand, the"
          + " manifest of injected bad rows) into the truth folder.",
      "A later call with the same --seed, --scale and --world-start continues the same world, so"
          + " nights can be generated one at a time."
    })
final class GenerateCommand implements Callable<Integer> {
  @ParentCommand LiveCartCommand parent;

  @Option(
      names = "--scale",
      paramLabel = "SCALE",
      defaultValue = "tiny",
      description =
          "tiny (2k users, 60 days), small (20k, 180), medium (200k, 365) or large (1M, 365). Default: ${DEFAULT-VALUE}.")
  String scale;

  @Option(
      names = "--from",
      paramLabel = "DATE",
      description = "First day written (YYYY-MM-DD). Default: the world's start.")
  LocalDate from;

  @Option(
      names = "--to",
      paramLabel = "DATE",
      description = "Last day written. Default: the scale's number of days from --from.")
  LocalDate to;

  @Option(
      names = "--date",
      paramLabel = "DATE",
      description = "Write this one day (same as --from DATE --to DATE).")
  LocalDate date;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Seed of the world. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--world-start",
      paramLabel = "DATE",
      defaultValue = "2025-01-01",
      description =
          "The world's first day; changes every generated day. Default: ${DEFAULT-VALUE}.")
  LocalDate worldStart;

  @Option(
      names = "--dirty",
      paramLabel = "RATE",
      defaultValue = "0",
      description =
          "Share of rows followed by a bad row of a known kind (0 to 0.5). Default: ${DEFAULT-VALUE}.")
  double dirty;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "csv",
      description =
          "File format of orders and products: csv (as merchant back-ends export) or jsonl. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Worker threads. Default: the number of cores.")
  Integer threads;

  @Option(
      names = "--truth-as-of",
      paramLabel = "DATE",
      description =
          "As-of date of the repurchase truth. Repeatable. Default: each month's end in range and the last day.")
  List<LocalDate> truthAsOf = new ArrayList<>();

  @Override
  public Integer call() {
    LiveCartConfig config = parent.config();
    if (date != null && (from != null || to != null)) {
      throw Errors.badOption("--date", date.toString(), "either --date or --from/--to, not both");
    }
    Generator.Builder builder =
        Generator.builder(config)
            .scale(parseScale())
            .seed(seed)
            .worldStart(worldStart)
            .from(date != null ? date : from)
            .to(date != null ? date : to)
            .dirtyRate(dirty)
            .csvExports(parseFormat())
            .truthAsOf(truthAsOf);
    if (threads != null) {
      builder.threads(threads);
    }
    Generator.Result result = builder.build().execute();
    parent
        .out()
        .printf(
            Locale.ROOT,
            "Generated %s..%s: %,d lines in %.1f s into %s (truth: %s)%n",
            result.from(),
            result.to(),
            result.totalLines(),
            result.seconds(),
            config.landing(),
            config.truth());
    parent
        .out()
        .println(
            "Lines by source: "
                + result.lines().entrySet().stream()
                    .map(
                        e ->
                            e.getKey().folder()
                                + "="
                                + String.format(Locale.ROOT, "%,d", e.getValue()))
                    .collect(java.util.stream.Collectors.joining(", ")));
    if (!result.injected().isEmpty()) {
      parent
          .out()
          .println(
              "Injected bad rows (counted by kind in the truth folder's dirty/ manifests): "
                  + result.injected());
    }
    return 0;
  }

  private Scale parseScale() {
    try {
      return Scale.valueOf(scale.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Errors.badOption("--scale", scale, "tiny, small, medium or large");
    }
  }

  private boolean parseFormat() {
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "csv" -> true;
      case "jsonl" -> false;
      default -> throw Errors.badOption("--format", format, "csv or jsonl");
    };
  }
}
