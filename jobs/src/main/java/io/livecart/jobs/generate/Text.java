package io.livecart.jobs.generate;

/** Fast formatting of ids and money for the generator's hot loops (no String.format). */
final class Text {
  private Text() {}

  /** {@code prefix} followed by {@code value} left-padded with zeros to {@code width} digits. */
  static String padded(String prefix, long value, int width) {
    StringBuilder out = new StringBuilder(prefix.length() + width);
    out.append(prefix);
    appendPadded(out, value, width);
    return out.toString();
  }

  static void appendPadded(StringBuilder out, long value, int width) {
    String digits = Long.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    out.append(digits);
  }

  /** Cents as a decimal with two places: 1230 is "12.30", -5 is "-0.05". */
  static String money(long cents) {
    StringBuilder out = new StringBuilder(12);
    if (cents < 0) {
      out.append('-');
      cents = -cents;
    }
    out.append(cents / 100).append('.');
    appendPadded(out, cents % 100, 2);
    return out.toString();
  }
}
