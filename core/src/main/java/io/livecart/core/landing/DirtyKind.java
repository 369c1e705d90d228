package io.livecart.core.landing;

import java.util.Locale;

/**
 * The kinds of bad input docs/contract.md names. The generator's {@code --dirty} injects each kind
 * and counts it in a manifest; ingestion tags what it rejects with the same codes, so the two can
 * be reconciled kind by kind.
 */
public enum DirtyKind {
  /** A line sent twice, byte for byte. */
  DUPLICATE,
  /** A JSON line that does not parse, or a CSV line with the wrong number of fields. */
  MALFORMED_LINE,
  /** An order line whose sku_id is in no product master. */
  UNKNOWN_SKU,
  /** A negative money amount (pay_amount, spend). */
  NEGATIVE_AMOUNT,
  /** An amount or quantity no real order has (e.g. 10 million units). */
  ABSURD_AMOUNT,
  /** A timestamp that is not ISO-8601. */
  UNPARSEABLE_TIMESTAMP,
  /** A timestamp later than the file's day allows (clock skew). */
  FUTURE_TIMESTAMP,
  /**
   * A stale version of an order line (an older status and updated_at) sent after a newer one: it
   * must not win the merge.
   */
  LATE_UPDATE,
  /** A row carrying a field its source does not declare (schema drift; the row is valid). */
  EXTRA_COLUMN;

  /** The code written in manifests and quarantine tables, e.g. {@code unknown_sku}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
