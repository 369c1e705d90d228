package io.livecart.models.repurchase;

import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.col;

import io.livecart.core.Concurrently;
import io.livecart.core.Steps;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.SqlTemplate;
import io.livecart.models.btyd.BgNbd;
import io.livecart.models.btyd.CustomerValue;
import io.livecart.models.btyd.GammaGamma;
import io.livecart.models.btyd.Summary;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF5;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The repurchase features of a set of as-of dates (sql/models/repurchase_features.sql), completed
 * with what BG/NBD and Gamma-Gamma, fitted on each date's own histories, say of each user:
 * P(alive), P(a purchase within the horizon), expected purchases within it, and the customer value
 * over {@code clv_months}. The fits see only their date's histories, so these columns are point in
 * time too.
 */
public final class RepurchaseFeatures {
  /** What the classifier reads, in this order. */
  public static final List<String> COLUMNS =
      List.of(
          "recency_days",
          "tenure_days",
          "frequency_7d",
          "frequency_30d",
          "frequency_90d",
          "frequency_365d",
          "monetary_7d",
          "monetary_30d",
          "monetary_prev_30d",
          "monetary_90d",
          "monetary_365d",
          "aov",
          "aov_trend",
          "refund_rate",
          "category_breadth_365d",
          "coupon_share",
          "share_paid_ads",
          "share_short_video",
          "share_private_domain",
          "share_natural",
          "days_since_visit",
          "watch_minutes_7d",
          "watch_minutes_30d",
          "visit_days_30d",
          "interactions_7d",
          "interactions_30d",
          "followed_90d",
          "p_alive",
          "p_buy_bgnbd",
          "expected_purchases",
          "clv");

  private static final StructType BTYD =
      new StructType()
          .add("p_alive", DataTypes.DoubleType, false)
          .add("p_buy_bgnbd", DataTypes.DoubleType, false)
          .add("expected_purchases", DataTypes.DoubleType, false)
          .add("clv", DataTypes.DoubleType, false);

  /** The resolution of Gamma-Gamma's sample of repeat buyers: a millionth. */
  private static final long HASH_BUCKETS = 1_000_000;

  private RepurchaseFeatures() {}

  /**
   * The features of each of {@code asOfs}, without the BTYD columns, for every buyer up to the date
   * ({@code active} marks those scored and trained on).
   */
  static Dataset<Row> query(SparkSession spark, LiveCartConfig config, SortedSet<LocalDate> asOfs) {
    return spark.sql(
        SqlTemplate.render(
            "models",
            "repurchase_features",
            Map.of(
                "as_ofs", SqlDates.list(asOfs),
                "first_as_of", SqlDates.literal(asOfs.first()),
                "last_as_of", SqlDates.literal(asOfs.last()),
                "horizon_days", config.modelParameter("horizon_days").toString(),
                "active_days", config.modelParameter("active_days").toString(),
                "churn_inactive_days", config.goldParameter("churn_inactive_days").toString())));
  }

  /**
   * The features of each of {@code asOfs}'s active buyers, BTYD columns included, persisted
   * (unpersist after). BG/NBD and Gamma-Gamma are fitted on every buyer up to the date: fitted on
   * the active ones alone, a sample selected on recency, they would see almost no one drop out.
   */
  public static Dataset<Row> of(
      SparkSession spark, LiveCartConfig config, SortedSet<LocalDate> asOfs) {
    long start = System.nanoTime();
    Dataset<Row> base = query(spark, config, asOfs).persist(StorageLevel.MEMORY_AND_DISK());
    Map<LocalDate, CustomerValue> fits =
        fit(base, config.modelParameter("spend_fit_max_customers").longValue());
    int horizon = config.modelParameter("horizon_days").intValue();
    int months = config.modelParameter("clv_months").intValue();
    double discount = config.modelParameter("clv_monthly_discount").doubleValue();
    String udf = "livecart_btyd_" + System.identityHashCode(fits);
    spark
        .udf()
        .register(
            udf,
            (UDF5<Date, Integer, Double, Double, Double, Row>)
                (asOf, x, tx, age, meanRepeat) -> {
                  CustomerValue value = fits.get(asOf.toLocalDate());
                  Summary h = new Summary(x, tx, age, 1);
                  return RowFactory.create(
                      value.purchases().probabilityAlive(h),
                      value.purchases().probabilityOfPurchase(h, horizon),
                      value.purchases().expectedPurchases(h, horizon),
                      value.lifetimeValue(h, meanRepeat, months, discount));
                },
            BTYD);
    Dataset<Row> features =
        base.where(col("active"))
            .drop("active")
            .withColumn(
                "btyd",
                call_udf(
                    udf,
                    col("as_of_date"),
                    col("x"),
                    col("tx"),
                    col("age"),
                    col("mean_repeat_value")))
            .select(col("*"), col("btyd.*"))
            .drop("btyd")
            .persist(StorageLevel.MEMORY_AND_DISK());
    Steps.log("repurchase features " + Steps.days(asOfs), features.count(), start);
    base.unpersist();
    return features;
  }

  /**
   * BG/NBD and Gamma-Gamma per as-of date, each fitted on that date's histories alone (every row of
   * {@code base}, active or not); no Gamma-Gamma where no repeat purchase had a positive value.
   *
   * <p>BG/NBD reads the histories grouped by (x, tx, age), bounded by the days of history whatever
   * the number of buyers. The dates are fitted side by side, each on the driver. Gamma-Gamma reads
   * one row per repeat buyer, held by the driver: a date with more repeat buyers than {@code
   * maxSpenders} is fitted on a fixed sample of about that many (by a hash of the user, so a rerun
   * fits the same), an unbiased estimate whose sampling error at hundreds of thousands of customers
   * is far below the model's own.
   */
  static Map<LocalDate, CustomerValue> fit(Dataset<Row> base, long maxSpenders) {
    Map<LocalDate, List<Summary>> histories = new TreeMap<>();
    Map<LocalDate, Long> repeatBuyers = new TreeMap<>();
    for (Row row : base.groupBy("as_of_date", "x", "tx", "age").count().collectAsList()) {
      LocalDate asOf = row.getDate(0).toLocalDate();
      Summary history =
          new Summary(row.getInt(1), row.getDouble(2), row.getDouble(3), row.getLong(4));
      histories.computeIfAbsent(asOf, d -> new ArrayList<>()).add(history);
      if (history.x() > 0) {
        repeatBuyers.merge(asOf, history.customers(), Long::sum);
      }
    }
    Map<LocalDate, List<GammaGamma.Spend>> spends = new TreeMap<>();
    Dataset<Row> repeaters = base.where("x > 0 AND mean_repeat_value > 0");
    String shares =
        repeatBuyers.entrySet().stream()
            .filter(e -> e.getValue() > maxSpenders)
            .map(
                e ->
                    String.format(
                        Locale.ROOT,
                        " WHEN %s THEN %d",
                        SqlDates.literal(e.getKey()),
                        HASH_BUCKETS * maxSpenders / e.getValue()))
            .collect(Collectors.joining());
    if (!shares.isEmpty()) {
      repeaters =
          repeaters.where(
              "pmod(xxhash64(user_id), "
                  + HASH_BUCKETS
                  + ") < CASE as_of_date"
                  + shares
                  + " ELSE "
                  + HASH_BUCKETS
                  + " END");
    }
    for (Row row : repeaters.select("as_of_date", "x", "mean_repeat_value").collectAsList()) {
      spends
          .computeIfAbsent(row.getDate(0).toLocalDate(), d -> new ArrayList<>())
          .add(new GammaGamma.Spend(row.getInt(1), row.getDouble(2), 1));
    }
    return Concurrently.all(
        Runtime.getRuntime().availableProcessors(),
        List.copyOf(histories.keySet()),
        asOf ->
            new CustomerValue(
                BgNbd.fit(histories.get(asOf)),
                spends.containsKey(asOf) ? GammaGamma.fit(spends.get(asOf)) : null));
  }
}
