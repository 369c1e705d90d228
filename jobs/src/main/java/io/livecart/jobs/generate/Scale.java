package io.livecart.jobs.generate;

import java.util.Locale;

/**
 * Size presets of the generated world. {@code days} is the default length of the generated range;
 * {@code parts} is how many files the high-volume sources (viewing, interactions) are split into
 * per day, fixed per scale so the bytes do not depend on the thread count.
 */
public enum Scale {
  TINY(2_000, 60, 3, 60, 1),
  SMALL(20_000, 300, 6, 180, 2),
  MEDIUM(200_000, 1_500, 12, 365, 4),
  LARGE(1_000_000, 5_000, 24, 365, 8);

  private final int users;
  private final int skus;
  private final int anchors;
  private final int days;
  private final int parts;

  Scale(int users, int skus, int anchors, int days, int parts) {
    this.users = users;
    this.skus = skus;
    this.anchors = anchors;
    this.days = days;
    this.parts = parts;
  }

  public int users() {
    return users;
  }

  public int skus() {
    return skus;
  }

  public int anchors() {
    return anchors;
  }

  public int days() {
    return days;
  }

  public int parts() {
    return parts;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
