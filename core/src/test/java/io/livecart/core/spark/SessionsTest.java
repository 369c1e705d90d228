package io.livecart.core.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionsTest {
  @TempDir Path temp;

  @Test
  void sessionsWriteDeltaTablesWithHistory() {
    SparkSession spark = TestSpark.session();
    String table = "delta.`" + temp.resolve("t") + "`";

    spark.sql("CREATE TABLE " + table + " USING delta AS SELECT id FROM range(3)");
    spark.sql("INSERT INTO " + table + " VALUES (10)");

    assertThat(spark.sql("SELECT sum(id) FROM " + table).first().getLong(0)).isEqualTo(13L);
    assertThat(spark.sql("SELECT count(*) FROM " + table + " VERSION AS OF 0").first().getLong(0))
        .isEqualTo(3L);
  }

  @Test
  void configDefaultsApplyWhereNobodySetTheKey() {
    SparkSession spark = TestSpark.session();

    assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isEqualTo("2");
    assertThat(spark.conf().get("spark.sql.session.timeZone")).isEqualTo("Asia/Shanghai");
    assertThat(spark.conf().get("spark.sql.warehouse.dir")).endsWith("/warehouse");
  }
}
