package io.livecart.models.replenishment;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * One SKU in one warehouse (a cell): its product attributes and its days from {@code first}, as
 * read by {@code sql/models/replenishment_history.sql}. Day {@code d} is {@code first + d}; stock
 * figures and true demand are {@link #UNKNOWN} on days without them.
 *
 * @param start the first day with a snapshot or a sale: the cell's history begins there
 * @param units units sold (paid lines, by order day)
 * @param onHand end-of-day stock on hand
 * @param onOrder end-of-day units ordered from the supplier, not yet received
 * @param trueDemand the generator's uncensored demand (generated worlds only)
 */
record CellHistory(
    String skuId,
    String warehouseId,
    String name,
    String category,
    String abcClass,
    Integer leadTimeDays,
    Integer casePack,
    Integer moq,
    Double unitCost,
    LocalDate first,
    int start,
    long[] units,
    long[] onHand,
    long[] onOrder,
    long[] trueDemand)
    implements Serializable {
  static final long UNKNOWN = -1;

  int days() {
    return units.length;
  }

  LocalDate date(int d) {
    return first.plusDays(d);
  }

  /**
   * Whether day {@code d}'s sales are the day's demand: the cell existed and is known to have ended
   * the day with stock on the shelf. A day that ended at zero may have turned buyers away, and a
   * day without a snapshot may have, so their sales only bound demand from below (censored).
   */
  boolean inStock(int d) {
    return d >= start && onHand[d] > 0;
  }

  /** Mean daily sales of the {@code days} days up to {@code last} (of those the cell existed). */
  double averageSales(int last, int days) {
    double sum = 0;
    int count = 0;
    for (int d = Math.max(start, last - days + 1); d <= last; d++) {
      sum += units[d];
      count++;
    }
    return count == 0 ? 0 : sum / count;
  }

  boolean hasTruth() {
    for (long t : trueDemand) {
      if (t != UNKNOWN) {
        return true;
      }
    }
    return false;
  }

  /** The cell of a row of {@code replenishment_history.sql} whose day 0 is {@code first}. */
  static CellHistory of(Row row, LocalDate first, int days) {
    long[] units = new long[days];
    long[] onHand = filled(days);
    long[] onOrder = filled(days);
    long[] trueDemand = filled(days);
    int start = days;
    List<Row> list = row.getList(9);
    for (Row day : list) {
      int d = day.getInt(0);
      if (d < 0 || d >= days) {
        continue;
      }
      start = Math.min(start, d);
      units[d] = day.getLong(1);
      onHand[d] = day.isNullAt(2) ? UNKNOWN : Math.max(0, day.getLong(2));
      onOrder[d] = day.isNullAt(3) ? UNKNOWN : Math.max(0, day.getLong(3));
      trueDemand[d] = day.isNullAt(4) ? UNKNOWN : day.getLong(4);
    }
    return new CellHistory(
        row.getString(0),
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.isNullAt(5) ? null : row.getInt(5),
        row.isNullAt(6) ? null : row.getInt(6),
        row.isNullAt(7) ? null : row.getInt(7),
        row.isNullAt(8) ? null : row.getDouble(8),
        first,
        start,
        units,
        onHand,
        onOrder,
        trueDemand);
  }

  /**
   * A cell known by its sales alone ({@code units}, daily from {@code first}), whose every day from
   * its first sale counts as ending in stock, so its sales are its demand: the convention of a
   * history without stock levels ({@link SalesBacktest}). Stock on hand reads 1 on each day
   * (available, level unknown); nothing is on order; no product attribute is known.
   */
  static CellHistory ofSales(String key, LocalDate first, long[] units) {
    int start = 0;
    while (start < units.length && units[start] == 0) {
      start++;
    }
    long[] onHand = new long[units.length];
    Arrays.fill(onHand, 1);
    long[] unknown = filled(units.length);
    return new CellHistory(
        key,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        first,
        start,
        units.clone(),
        onHand,
        unknown,
        unknown);
  }

  private static long[] filled(int n) {
    long[] out = new long[n];
    Arrays.fill(out, UNKNOWN);
    return out;
  }
}
