package io.livecart.models.forecast;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The columns of {@code gold.fact_order_lines} that the GMV series read (gmv_series.sql). */
final class GmvLines {
  static final StructType SCHEMA =
      new StructType()
          .add("order_date", DataTypes.DateType)
          .add("is_paid", DataTypes.BooleanType)
          .add("pay_amount", DataTypes.createDecimalType(18, 2))
          .add("category_l1", DataTypes.StringType)
          .add("anchor_id", DataTypes.StringType);

  private GmvLines() {}
}
