package io.livecart.models.repurchase;

import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.Table;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The gold tables the repurchase model reads, written from rows a test lists: only the columns the
 * model's SQL reads, typed as gold types them.
 */
final class GoldFixture {
  private static final StructType ORDER_LINES =
      new StructType()
          .add("order_id", DataTypes.StringType)
          .add("user_id", DataTypes.StringType)
          .add("order_date", DataTypes.DateType)
          .add("paid_date", DataTypes.DateType)
          .add("pay_amount", DataTypes.createDecimalType(18, 2))
          .add("refund_amount", DataTypes.createDecimalType(18, 2))
          .add("updated_at", DataTypes.TimestampType)
          .add("is_paid", DataTypes.BooleanType)
          .add("used_coupon", DataTypes.BooleanType)
          .add("traffic_source", DataTypes.StringType)
          .add("category_l1", DataTypes.StringType);
  private static final StructType VIEWING =
      new StructType()
          .add("user_id", DataTypes.StringType)
          .add("session_date", DataTypes.DateType)
          .add("enter_date", DataTypes.DateType)
          .add("watch_seconds", DataTypes.LongType);
  private static final StructType INTERACTIONS =
      new StructType()
          .add("user_id", DataTypes.StringType)
          .add("session_date", DataTypes.DateType)
          .add("event_at", DataTypes.TimestampType)
          .add("event_type", DataTypes.StringType);
  private static final StructType USERS =
      new StructType()
          .add("user_id", DataTypes.StringType)
          .add("member_tier", DataTypes.StringType)
          .add("in_member_master", DataTypes.BooleanType);
  private static final StructType RFM =
      new StructType()
          .add("as_of_date", DataTypes.DateType)
          .add("user_id", DataTypes.StringType)
          .add("segment", DataTypes.StringType)
          .add("segment_zh", DataTypes.StringType);

  final List<Row> orders = new ArrayList<>();
  final List<Row> visits = new ArrayList<>();
  final List<Row> interactions = new ArrayList<>();
  final List<Row> users = new ArrayList<>();
  final List<Row> rfm = new ArrayList<>();
  private int nextOrder;

  /** A paid one-line order; a refund, when not zero, happened on {@code refundedOn}. */
  GoldFixture order(
      String user, LocalDate paid, double amount, double refund, LocalDate refundedOn) {
    LocalDate updated = refund > 0 ? refundedOn : paid;
    int kind = Math.floorMod((user + paid).hashCode(), 12);
    orders.add(
        RowFactory.create(
            "O" + ++nextOrder,
            user,
            Date.valueOf(paid),
            Date.valueOf(paid),
            BigDecimal.valueOf(amount).setScale(2),
            BigDecimal.valueOf(refund).setScale(2),
            Timestamp.valueOf(updated.atTime(12, 0)),
            true,
            kind % 3 == 0,
            kind % 2 == 0 ? "short_video" : "natural",
            kind % 4 == 0 ? "美妆护肤" : "食品饮料"));
    return this;
  }

  GoldFixture order(String user, LocalDate paid, double amount) {
    return order(user, paid, amount, 0, null);
  }

  GoldFixture visit(String user, LocalDate day, long watchSeconds) {
    visits.add(RowFactory.create(user, Date.valueOf(day), Date.valueOf(day), watchSeconds));
    return this;
  }

  GoldFixture interaction(String user, LocalDate day, String type) {
    interactions.add(
        RowFactory.create(user, Date.valueOf(day), Timestamp.valueOf(day.atTime(20, 0)), type));
    return this;
  }

  GoldFixture member(String user, String tier) {
    users.add(RowFactory.create(user, tier, true));
    return this;
  }

  GoldFixture segment(LocalDate asOf, String user, String segment, String zh) {
    rfm.add(RowFactory.create(Date.valueOf(asOf), user, segment, zh));
    return this;
  }

  /** Replaces the gold tables of {@code config}'s warehouse with this fixture's rows. */
  void write(SparkSession spark, LiveCartConfig config) {
    write(spark, config, "fact_order_lines", orders, ORDER_LINES);
    write(spark, config, "fact_viewing", visits, VIEWING);
    write(spark, config, "fact_interactions", interactions, INTERACTIONS);
    write(spark, config, "dim_user", users, USERS);
    write(spark, config, "rfm", rfm, RFM);
  }

  private static void write(
      SparkSession spark, LiveCartConfig config, String name, List<Row> rows, StructType schema) {
    DeltaWrites.replace(
        spark, config, new Table(Table.GOLD, name), spark.createDataFrame(rows, schema), null);
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang, boosted for shape < 1. */
  static double gamma(SplittableRandom rng, double shape) {
    if (shape < 1) {
      return gamma(rng, shape + 1) * Math.pow(rng.nextDouble(), 1 / shape);
    }
    double d = shape - 1 / 3.0;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = rng.nextGaussian();
      double v = Math.pow(1 + c * x, 3);
      if (v > 0 && Math.log(rng.nextDouble()) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }
}
