package io.livecart.core.calendar;

/**
 * The shopping festivals and holidays that move live-commerce traffic. {@code label} is the name
 * the business uses.
 */
public enum Festival {
  WOMENS_DAY("3.8女王节"),
  MID_YEAR_618("618"),
  DOUBLE_11("双11"),
  DOUBLE_12("双12"),
  SPRING_FESTIVAL("春节");

  private final String label;

  Festival(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
