package io.livecart.models.repurchase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livecart.core.TestSpark;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.models.btyd.CustomerValue;
import io.livecart.models.btyd.GammaGamma;
import io.livecart.models.btyd.Summary;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RepurchaseFeaturesTest {
  private static final LocalDate AS_OF = LocalDate.of(2025, 3, 31);
  private final SparkSession spark = TestSpark.session();
  private final LiveCartConfig config = TestSpark.config();

  /** Three buyers as they stood on 2025-03-31, and what happened to them in April. */
  private static GoldFixture world() {
    return new GoldFixture()
        .order("U1", LocalDate.of(2025, 2, 1), 30)
        .order("U1", LocalDate.of(2025, 3, 1), 100, 20, LocalDate.of(2025, 3, 10))
        .order("U1", LocalDate.of(2025, 3, 25), 50, 50, LocalDate.of(2025, 4, 5))
        .order("U1", LocalDate.of(2025, 4, 10), 60)
        .order("U2", LocalDate.of(2024, 1, 1), 40)
        .order("U3", AS_OF, 80)
        .visit("U3", LocalDate.of(2025, 3, 30), 600)
        .visit("U3", LocalDate.of(2025, 3, 1), 120)
        .interaction("U3", LocalDate.of(2025, 3, 20), "follow")
        .interaction("U3", LocalDate.of(2025, 3, 29), "comment")
        .member("U1", "gold")
        .member("U3", "regular");
  }

  private Map<String, Row> features(GoldFixture fixture) {
    fixture.write(spark, config);
    return RepurchaseFeatures.query(spark, config, new TreeSet<>(List.of(AS_OF)))
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(r -> r.getAs("user_id"), r -> r));
  }

  @Test
  void featuresAreWhatTheBuyersShowedOnTheAsOfDate() {
    Map<String, Row> users = features(world());

    assertThat(users.keySet()).containsExactlyInAnyOrder("U1", "U2", "U3");
    // U2: no order for 365 days, a buyer the BTYD models are fitted on but not one to score
    assertThat(users.get("U2").<Boolean>getAs("active")).isFalse();
    assertThat(users.get("U2").<Integer>getAs("x")).isZero();
    assertThat(users.get("U2").<Double>getAs("age")).isEqualTo(455.0);
    Row u1 = users.get("U1");
    assertThat(u1.<Double>getAs("recency_days")).isEqualTo(6.0);
    assertThat(u1.<Double>getAs("frequency_30d")).isEqualTo(1.0); // 03-01 is 30 days back: out
    assertThat(u1.<Double>getAs("frequency_90d")).isEqualTo(3.0);
    // the March refund had happened; the April one had not
    assertThat(u1.<Double>getAs("monetary_90d")).isEqualTo(30 + 80 + 50.0);
    assertThat(u1.<Double>getAs("refund_rate")).isCloseTo(20 / 180.0, within(1e-9));
    assertThat(u1.<Integer>getAs("x")).isEqualTo(2);
    assertThat(u1.<Double>getAs("tx")).isEqualTo(52.0);
    assertThat(u1.<Double>getAs("age")).isEqualTo(58.0);
    assertThat(u1.<Double>getAs("mean_repeat_value")).isEqualTo(75.0);
    assertThat(u1.<Double>getAs("days_since_visit")).isEqualTo(365.0); // never visited
    assertThat(u1.<Boolean>getAs("label")).isTrue(); // paid on 04-10
    assertThat(u1.<Boolean>getAs("active")).isTrue();

    Row u3 = users.get("U3");
    assertThat(u3.<Double>getAs("recency_days")).isEqualTo(0.0);
    assertThat(u3.<Integer>getAs("x")).isEqualTo(0);
    assertThat(u3.<Double>getAs("days_since_visit")).isEqualTo(1.0);
    assertThat(u3.<Double>getAs("watch_minutes_7d")).isEqualTo(10.0);
    assertThat(u3.<Double>getAs("watch_minutes_30d")).isEqualTo(10.0); // 03-01 is out
    assertThat(u3.<Double>getAs("interactions_30d")).isEqualTo(2.0);
    assertThat(u3.<Double>getAs("followed_90d")).isEqualTo(1.0);
    assertThat(u3.<Boolean>getAs("label")).isFalse();
  }

  @Test
  void nothingAfterTheAsOfDateChangesAFeature() {
    Map<String, Row> before = features(world());
    GoldFixture later = world();
    // April: the late refund grows, everyone is busy, the lapsed buyer returns, U1 earns diamond
    // and U2 joins the member master (gold.dim_user keeps only the latest record).
    later.orders.removeIf(r -> r.getDate(3).toLocalDate().equals(LocalDate.of(2025, 3, 25)));
    later
        .order("U1", LocalDate.of(2025, 3, 25), 50, 50, LocalDate.of(2025, 4, 20))
        .order("U3", LocalDate.of(2025, 4, 2), 90, 90, LocalDate.of(2025, 4, 3))
        .order("U2", LocalDate.of(2025, 4, 15), 10)
        .visit("U1", LocalDate.of(2025, 4, 1), 3000)
        .visit("U2", LocalDate.of(2025, 4, 1), 3000)
        .interaction("U1", LocalDate.of(2025, 4, 3), "follow")
        .interaction("U3", LocalDate.of(2025, 4, 1), "comment");
    later.users.clear();
    later.member("U1", "diamond").member("U2", "gold").member("U3", "regular");
    Map<String, Row> after = features(later);

    assertThat(after.keySet()).isEqualTo(before.keySet());
    for (String user : before.keySet()) {
      assertThat(withoutLabel(after.get(user))).isEqualTo(withoutLabel(before.get(user)));
    }
    assertThat(after.get("U3").<Boolean>getAs("label")).isTrue();
  }

  private static List<Object> withoutLabel(Row row) {
    int label = row.fieldIndex("label");
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < row.size(); i++) {
      if (i != label) {
        values.add(row.get(i));
      }
    }
    return values;
  }

  /** A purchase log without amounts: BG/NBD is fitted, Gamma-Gamma cannot be, and CLV is 0. */
  @Test
  void withoutAmountsThereIsNoSpendModelAndNoValue() {
    LocalDate asOf = LocalDate.of(2007, 12, 30);
    List<Row> histories = new ArrayList<>();
    for (int c = 0; c < 60; c++) {
      int x = c % 5;
      double age = 300 + c;
      histories.add(
          RowFactory.create(
              "U" + c, Date.valueOf(asOf), x, x == 0 ? 0.0 : age * (c % 7 + 1) / 8, age, 0.0));
    }
    Dataset<Row> base = histories(histories);

    CustomerValue value = RepurchaseFeatures.fit(base, 500_000).get(asOf);

    assertThat(value.spend()).isNull();
    assertThat(value.lifetimeValue(new Summary(3, 200, 320, 1), 0.0, 12, 0.01)).isZero();
    assertThat(value.purchases().probabilityAlive(new Summary(3, 200, 320, 1))).isBetween(0.0, 1.0);
  }

  /**
   * Gamma-Gamma on 4,000 repeat buyers drawn from p 6, q 4, gamma 15 (a mean spend of 30): capped
   * at 1,000 it is fitted on a fixed quarter of them, the same at every run, and finds about the
   * same population mean as the fit on all of them.
   */
  @Test
  void spendIsFittedOnAFixedSampleOfTheRepeatBuyersAboveTheCap() {
    LocalDate asOf = LocalDate.of(2025, 6, 30);
    SplittableRandom rng = new SplittableRandom(11);
    List<Row> histories = new ArrayList<>();
    for (int c = 0; c < 4_000; c++) {
      int x = 1 + rng.nextInt(6);
      double nu = GoldFixture.gamma(rng, 4) / 15;
      double spent = 0;
      for (int t = 0; t < x; t++) {
        spent += GoldFixture.gamma(rng, 6) / nu;
      }
      histories.add(RowFactory.create("U" + c, Date.valueOf(asOf), x, 100.0, 200.0, spent / x));
    }
    Dataset<Row> base = histories(histories);

    GammaGamma all = RepurchaseFeatures.fit(base, 4_000).get(asOf).spend();
    GammaGamma sample = RepurchaseFeatures.fit(base, 1_000).get(asOf).spend();

    assertThat(sample)
        .isNotEqualTo(all)
        .isEqualTo(RepurchaseFeatures.fit(base, 1_000).get(asOf).spend());
    assertThat(sample.observedMean()).isNotEqualTo(all.observedMean());
    assertThat(sample.expectedSpend(0, 0)).isCloseTo(all.expectedSpend(0, 0), within(1.5));
    assertThat(all.expectedSpend(0, 0)).isCloseTo(30, within(1.5));
  }

  /** BTYD histories as the features query gives them to the fits: user, date, x, tx, age, value. */
  private Dataset<Row> histories(List<Row> rows) {
    return spark.createDataFrame(
        rows,
        new StructType()
            .add("user_id", DataTypes.StringType)
            .add("as_of_date", DataTypes.DateType)
            .add("x", DataTypes.IntegerType)
            .add("tx", DataTypes.DoubleType)
            .add("age", DataTypes.DoubleType)
            .add("mean_repeat_value", DataTypes.DoubleType));
  }
}
