package io.livecart.jobs.external;

import io.livecart.core.Errors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;

/** The public data sets {@code import} converts into the landing format, each by its converter. */
public enum PublicSet {
  CDNOW("CDNOW purchase histories (CDNOW_master.txt): orders") {
    @Override
    void convert(BufferedReader in, String input, LandingOut out, ZoneId zone) throws IOException {
      Cdnow.convert(in, input, out, zone);
    }
  },
  M5("Walmart M5 daily item-store sales with prices (tiny_m5.csv[.gz]): orders and products") {
    @Override
    void convert(BufferedReader in, String input, LandingOut out, ZoneId zone) throws IOException {
      M5Sales.convert(in, input, out, zone);
    }
  },
  GROCERY("an online grocer's purchase event log (groceryElog.csv: cust, date): orders") {
    @Override
    void convert(BufferedReader in, String input, LandingOut out, ZoneId zone) throws IOException {
      Grocery.convert(in, input, out, zone);
    }
  },
  TAOBAO(
      "Taobao user behaviour (UserBehavior.csv: user, item, category, pv/cart/fav/buy, unix"
          + " seconds): interactions, products and orders") {
    @Override
    void convert(BufferedReader in, String input, LandingOut out, ZoneId zone) throws IOException {
      Taobao.convert(in, input, out, zone);
    }
  };

  private final String description;

  PublicSet(String description) {
    this.description = description;
  }

  /** What the set is and what it becomes. */
  public String description() {
    return description;
  }

  /** The name on the command line, e.g. {@code m5}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads the set's file and adds its rows to {@code out}. */
  abstract void convert(BufferedReader in, String input, LandingOut out, ZoneId zone)
      throws IOException;

  /**
   * Converts {@code input} (plain, or gzip when its name ends in {@code .gz}) into landing files
   * under {@code landing}, written through {@code hadoop}, keeping the days of {@code window}.
   */
  public Imported convert(
      Path input, String landing, Configuration hadoop, ZoneId zone, Window window) {
    LandingOut out = new LandingOut(label(), window);
    try (InputStream raw = Files.newInputStream(input);
        InputStream plain =
            input.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader in =
            new BufferedReader(new InputStreamReader(plain, StandardCharsets.UTF_8))) {
      convert(in, input.toString(), out, zone);
    } catch (IOException e) {
      throw Errors.cannotRead(input.toString(), e);
    }
    if (out.seen() == 0) {
      throw Errors.badOption("--input", input.toString(), "a file of " + description);
    }
    return out.write(landing, hadoop);
  }
}
