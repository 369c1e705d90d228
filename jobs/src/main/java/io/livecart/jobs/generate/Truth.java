package io.livecart.jobs.generate;

import io.livecart.core.Errors;
import io.livecart.core.calendar.BusinessCalendar;
import io.livecart.core.landing.DirtyKind;
import io.livecart.core.landing.Source;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What the generator knows and a platform never tells, written as CSV under the truth folder (never
 * read by the pipeline; tests and model evaluations compare against it):
 *
 * <ul>
 *   <li>{@code users/part-00000.csv}: each user's latent purchase rate, expected lifetime and the
 *       last day alive;
 *   <li>{@code repurchase/as_of=D/part-00000.csv}: per registered user, alive or not on D and the
 *       true probability of paying at least one order in the 30 days after D;
 *   <li>{@code demand/dt=D/part-00000.csv}: per SKU and warehouse, units demanded before stock-out
 *       censoring, units sold, units lost, stock at the start of the day and units received;
 *   <li>{@code dirty/dt=D/manifest.csv}: the bad rows injected into the day's files, by kind.
 * </ul>
 */
final class Truth {
  private final FileSystem fs;
  private final String root;

  Truth(FileSystem fs, String root) {
    this.fs = fs;
    this.root = root;
  }

  private Writer open(String relative, String header) {
    Path path = new Path(root + "/" + relative);
    try {
      Writer out =
          new BufferedWriter(
              new OutputStreamWriter(fs.create(path, true), StandardCharsets.UTF_8), 1 << 16);
      out.write(header);
      out.write('\n');
      return out;
    } catch (IOException e) {
      throw Errors.cannotWrite(path.toString(), e);
    }
  }

  void users(World world) {
    try (Writer out =
        open(
            "users/part-00000.csv",
            "user_id,registered_date,last_alive_date,rate_30d,expected_lifetime_days,activity")) {
      for (int user = 0; user < world.users(); user++) {
        out.write(
            String.format(
                Locale.ROOT,
                "%s,%s,%s,%.5f,%.1f,%.5f%n",
                World.userId(user),
                LocalDate.ofEpochDay(world.registeredDay[user]),
                LocalDate.ofEpochDay(world.lastAliveDay[user]),
                world.rate30[user],
                1.0 / world.lifetimeRate[user],
                world.activity[user]));
      }
    } catch (IOException e) {
      throw Errors.cannotWrite(root + "/users", e);
    }
  }

  /**
   * Given the latent state on {@code asOf}, P(at least one paid order in the next 30 days). A user
   * alive on D stays alive each further day with probability exp(-lifetime rate) and, while alive,
   * pays orders as a Poisson process with rate rate_30d / 30 x the calendar's purchase factor x the
   * share of orders that get paid. Attempts later lost to a stock-out are counted as paid here;
   * stock-outs are rare, so the observed rate runs slightly below this.
   */
  static double purchaseProbability(World world, int user, int asOf) {
    if (!world.alive(user, asOf)) {
      return 0.0;
    }
    double survive = Math.exp(-world.lifetimeRate[user]);
    double noPurchase = 0;
    double aliveNoPurchase = 1;
    for (int k = 1; k <= 30; k++) {
      noPurchase += aliveNoPurchase * (1 - survive);
      double rate =
          world.rate30[user]
              / 30.0
              * BusinessCalendar.purchaseFactor(LocalDate.ofEpochDay(asOf + k))
              * Commerce.PAY_SHARE;
      aliveNoPurchase *= survive * Math.exp(-rate);
    }
    return 1 - (noPurchase + aliveNoPurchase);
  }

  void repurchase(World world, LocalDate asOf) {
    int day = (int) asOf.toEpochDay();
    try (Writer out =
        open("repurchase/as_of=" + asOf + "/part-00000.csv", "user_id,alive,rate_30d,p_buy_30d")) {
      for (int user = 0; user < world.users(); user++) {
        if (world.registeredDay[user] > day) {
          continue;
        }
        out.write(
            String.format(
                Locale.ROOT,
                "%s,%b,%.5f,%.6f%n",
                World.userId(user),
                world.alive(user, day),
                world.rate30[user],
                purchaseProbability(world, user, day)));
      }
    } catch (IOException e) {
      throw Errors.cannotWrite(root + "/repurchase", e);
    }
  }

  void demand(LocalDate day, Inventory inventory) {
    try (Writer out =
        open(
            "demand/dt=" + day + "/part-00000.csv",
            "sku_id,warehouse_id,demand_units,sold_units,lost_units,on_hand_start,received_units")) {
      int warehouses = inventory.warehouses();
      StringBuilder line = new StringBuilder(80);
      for (int cell = 0; cell < inventory.demand.length; cell++) {
        line.setLength(0);
        line.append(World.skuId(cell / warehouses))
            .append(',')
            .append(World.WAREHOUSES[cell % warehouses])
            .append(',')
            .append(inventory.demand[cell])
            .append(',')
            .append(inventory.sold[cell])
            .append(',')
            .append(inventory.demand[cell] - inventory.sold[cell])
            .append(',')
            .append(inventory.onHandStart[cell])
            .append(',')
            .append(inventory.received[cell])
            .append('\n');
        out.write(line.toString());
      }
    } catch (IOException e) {
      throw Errors.cannotWrite(root + "/demand", e);
    }
  }

  void manifest(LocalDate day, Map<Source, Map<DirtyKind, Long>> injected) {
    try (Writer out = open("dirty/dt=" + day + "/manifest.csv", "source,kind,rows")) {
      for (Map.Entry<Source, Map<DirtyKind, Long>> source : injected.entrySet()) {
        for (Map.Entry<DirtyKind, Long> kind : source.getValue().entrySet()) {
          out.write(
              source.getKey().folder() + "," + kind.getKey().code() + "," + kind.getValue() + "\n");
        }
      }
    } catch (IOException e) {
      throw Errors.cannotWrite(root + "/dirty", e);
    }
  }

  /**
   * Records which world the folder holds, or fails if it holds another one: days of two worlds
   * mixed in one landing zone would make neither truth hold.
   */
  void claim(String identity) {
    Path marker = new Path(root + "/world.properties");
    try {
      if (fs.exists(marker)) {
        String existing;
        try (var in = fs.open(marker)) {
          existing = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        if (!existing.equals(identity.strip())) {
          throw Errors.otherWorld(
              root, existing.replace('\n', ' '), identity.strip().replace('\n', ' '));
        }
        return;
      }
      try (Writer out = new OutputStreamWriter(fs.create(marker, true), StandardCharsets.UTF_8)) {
        out.write(identity);
      }
    } catch (IOException e) {
      throw Errors.cannotWrite(marker.toString(), e);
    }
  }
}
