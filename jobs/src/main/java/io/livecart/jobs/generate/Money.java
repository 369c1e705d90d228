package io.livecart.jobs.generate;

/** An exact CNY amount in cents, written as a decimal number with two places. */
record Money(long cents) {
  @Override
  public String toString() {
    return Text.money(cents);
  }
}
