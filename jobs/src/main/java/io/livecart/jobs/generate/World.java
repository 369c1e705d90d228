package io.livecart.jobs.generate;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * The fixed part of a generated world: users with their latent behaviour, the SKU catalogue,
 * anchors and their rooms, provinces and warehouses. A pure function of (seed, scale, world start),
 * so every call of the generator rebuilds the same world.
 *
 * <p>User behaviour follows the buy-till-you-die story with a twist the models can find: while
 * alive a user buys as a Poisson process with a latent monthly rate (gamma across users) scaled by
 * the calendar; a user's lifetime is exponential with a gamma-distributed hazard (Pareto/NBD);
 * visits to live rooms come with a rate correlated with the purchase rate, and mostly stop when the
 * user is gone.
 */
final class World {
  static final String[] PROVINCES = {
    "广东", "浙江", "江苏", "上海", "山东", "北京", "四川", "河南", "湖北", "福建", "湖南", "河北", "安徽", "辽宁", "陕西", "重庆",
    "天津", "江西", "广西", "云南"
  };
  private static final double[] PROVINCE_WEIGHTS = {
    12, 9, 9, 6, 7, 5, 6, 6, 4, 4, 4, 4, 3, 3, 3, 3, 2, 2, 2, 2
  };

  /** Which warehouse serves each province (same order as {@link #PROVINCES}). */
  private static final int[] PROVINCE_WAREHOUSE = {
    1, 0, 0, 0, 2, 2, 1, 2, 0, 1, 1, 2, 0, 2, 2, 1, 2, 0, 1, 1
  };

  static final String[] WAREHOUSES = {"WH_EAST", "WH_SOUTH", "WH_NORTH"};
  static final String[] TIERS = {"regular", "silver", "gold", "diamond"};
  static final String[] PLATFORMS = {"douyin", "kuaishou", "taobao", "wechat_channels"};
  private static final double[] PLATFORM_WEIGHTS = {50, 25, 15, 10};

  /** Category l1, category l2, median list price in CNY. */
  static final String[][] CATEGORIES = {
    {"美妆护肤", "面膜", "79"}, {"美妆护肤", "精华", "199"}, {"美妆护肤", "口红", "129"},
    {"食品饮料", "零食", "39"}, {"食品饮料", "咖啡", "69"}, {"服饰内衣", "女装", "159"},
    {"服饰内衣", "内衣", "89"}, {"个护家清", "洗衣液", "49"}, {"个护家清", "纸巾", "35"},
    {"母婴", "纸尿裤", "119"}, {"数码家电", "耳机", "299"}, {"家居", "收纳", "59"}
  };

  private static final String[] BRANDS = {
    "花知晓", "轻语", "山野集", "白小白", "悦己", "禾木", "米粒", "星河", "初见", "半亩田", "云朵", "一叶", "南风", "拾光", "暖暖",
    "森系"
  };
  private static final String[] VARIANTS = {"经典款", "升级款", "大容量装", "便携装", "礼盒装", "家庭装"};

  final long seed;
  final Scale scale;
  final LocalDate start;

  // Users, indexed 0..n-1; user_id is U + (index + 1) in 8 digits.
  final int[] registeredDay;
  final int[] lastAliveDay;
  final float[] rate30;
  final float[] lifetimeRate;
  final float[] activity;
  final byte[] province;
  final byte[] tier;
  final short[] favoriteRoom;
  final int[] registeredSecond;

  // SKUs, indexed 0..m-1; sku_id is SKU + (index + 1) in 6 digits.
  final int[] skuCategory;
  final int[] skuSpu;
  final int[] skuBrand;
  final int[] skuVariant;
  final long[] skuBasePriceCents;
  final long[] skuCostCents;
  final int[] skuLeadTime;
  final int[] skuCasePack;
  final int[] skuMoq;
  final int[] skuSupplier;
  final double[] skuPopularity;
  final double[] skuPopularityCumulative;
  final int[][] skusByCategory;

  // Anchors and rooms: room r is anchored by anchor r.
  final double[] anchorPull;
  final int[][] anchorCategories;
  final int[] roomPlatform;
  final double[] roomCumulativePull;

  final double[] provinceCumulative;

  World(long seed, Scale scale, LocalDate start) {
    this.seed = seed;
    this.scale = scale;
    this.start = start;
    int n = scale.users();
    registeredDay = new int[n];
    lastAliveDay = new int[n];
    rate30 = new float[n];
    lifetimeRate = new float[n];
    activity = new float[n];
    province = new byte[n];
    tier = new byte[n];
    favoriteRoom = new short[n];
    registeredSecond = new int[n];
    provinceCumulative = Rng.cumulative(PROVINCE_WEIGHTS);

    int anchors = scale.anchors();
    anchorPull = new double[anchors];
    anchorCategories = new int[anchors][];
    roomPlatform = new int[anchors];
    double[] platformCumulative = Rng.cumulative(PLATFORM_WEIGHTS);
    for (int a = 0; a < anchors; a++) {
      SplittableRandom rng = Rng.of(seed, Rng.ANCHORS, a, 0);
      anchorPull[a] = Rng.logNormal(rng, 1.0, 0.6);
      int first = rng.nextInt(CATEGORIES.length);
      int second = (first + 1 + rng.nextInt(CATEGORIES.length - 1)) % CATEGORIES.length;
      anchorCategories[a] = new int[] {first, second};
      roomPlatform[a] = Rng.pick(rng, platformCumulative);
    }
    // Every category is sold by some anchor, whatever the draw: anchors take over the ones left.
    boolean[] covered = new boolean[CATEGORIES.length];
    for (int[] categories : anchorCategories) {
      covered[categories[0]] = true;
      covered[categories[1]] = true;
    }
    for (int c = 0, a = 0; c < CATEGORIES.length; c++) {
      if (!covered[c]) {
        anchorCategories[a % anchors] = new int[] {anchorCategories[a % anchors][0], c};
        a++;
      }
    }
    roomCumulativePull = Rng.cumulative(anchorPull);

    buildUsers(n);

    int m = scale.skus();
    skuCategory = new int[m];
    skuSpu = new int[m];
    skuBrand = new int[m];
    skuVariant = new int[m];
    skuBasePriceCents = new long[m];
    skuCostCents = new long[m];
    skuLeadTime = new int[m];
    skuCasePack = new int[m];
    skuMoq = new int[m];
    skuSupplier = new int[m];
    skuPopularity = new double[m];
    buildSkus(m);
    skuPopularityCumulative = Rng.cumulative(skuPopularity);
    skusByCategory = new int[CATEGORIES.length][];
    for (int c = 0; c < CATEGORIES.length; c++) {
      int category = c;
      skusByCategory[c] =
          java.util.stream.IntStream.range(0, m).filter(s -> skuCategory[s] == category).toArray();
    }
  }

  private void buildUsers(int n) {
    int startDay = (int) start.toEpochDay();
    int horizon = scale.days();
    for (int i = 0; i < n; i++) {
      SplittableRandom rng = Rng.of(seed, Rng.USERS, i, 0);
      // Over half the members joined in the two years before the world starts; the rest join
      // during the generated period.
      registeredDay[i] =
          rng.nextDouble() < 0.55
              ? startDay - 1 - rng.nextInt(730)
              : startDay + rng.nextInt(horizon);
      registeredSecond[i] = rng.nextInt(86_400);
      rate30[i] = (float) Rng.gamma(rng, 0.75, 1.0);
      lifetimeRate[i] = (float) Rng.gamma(rng, 1.5, 1.0 / (1.5 * 420.0));
      double lifetimeDays = Rng.exponential(rng, 1.0 / lifetimeRate[i]);
      lastAliveDay[i] =
          (int) Math.min(Integer.MAX_VALUE - 1L, registeredDay[i] + (long) lifetimeDays);
      activity[i] = (float) (0.09 * Math.pow(0.3 + rate30[i], 0.6) * Rng.logNormal(rng, 1.0, 0.5));
      province[i] = (byte) Rng.pick(rng, provinceCumulative);
      double loyalty = rate30[i] * Rng.logNormal(rng, 1.0, 0.4);
      tier[i] = (byte) (loyalty > 2.0 ? 3 : loyalty > 1.0 ? 2 : loyalty > 0.4 ? 1 : 0);
      favoriteRoom[i] = (short) Rng.pick(rng, roomCumulativePull);
    }
  }

  private void buildSkus(int m) {
    int spu = -1;
    for (int s = 0; s < m; s++) {
      SplittableRandom rng = Rng.of(seed, Rng.SKUS, s, 0);
      boolean newSpu = s == 0 || rng.nextDouble() < 0.45;
      if (newSpu) {
        spu++;
        skuCategory[s] = rng.nextInt(CATEGORIES.length);
        skuBrand[s] = rng.nextInt(BRANDS.length);
        skuBasePriceCents[s] =
            roundToNinety(
                Rng.logNormal(rng, Double.parseDouble(CATEGORIES[skuCategory[s]][2]), 0.35));
      } else {
        skuCategory[s] = skuCategory[s - 1];
        skuBrand[s] = skuBrand[s - 1];
        skuBasePriceCents[s] =
            roundToNinety(skuBasePriceCents[s - 1] / 100.0 * (0.8 + 0.5 * rng.nextDouble()));
      }
      skuSpu[s] = spu;
      skuVariant[s] = rng.nextInt(VARIANTS.length);
      skuCostCents[s] = Math.round(skuBasePriceCents[s] * (0.35 + 0.3 * rng.nextDouble()));
      skuLeadTime[s] = 3 + rng.nextInt(19);
      skuCasePack[s] = new int[] {6, 12, 24, 48}[rng.nextInt(4)];
      skuMoq[s] = skuCasePack[s] * new int[] {1, 2, 5}[rng.nextInt(3)];
      skuSupplier[s] = 1 + skuBrand[s] * 3 + rng.nextInt(3);
      // Zipf-like popularity with noise: a few hits, a long tail of intermittent sellers.
      skuPopularity[s] = Math.pow(1.0 + rng.nextInt(m), -1.1) * Rng.logNormal(rng, 1.0, 0.3);
    }
  }

  private static long roundToNinety(double yuan) {
    long whole = Math.max(1, Math.round(yuan));
    return whole * 100 - 10;
  }

  int users() {
    return registeredDay.length;
  }

  int skus() {
    return skuCategory.length;
  }

  int rooms() {
    return anchorPull.length;
  }

  int warehouseOf(int user) {
    return PROVINCE_WAREHOUSE[province[user]];
  }

  boolean alive(int user, int day) {
    return registeredDay[user] <= day && day <= lastAliveDay[user];
  }

  String skuName(int sku) {
    return BRANDS[skuBrand[sku]]
        + " "
        + CATEGORIES[skuCategory[sku]][1]
        + " "
        + VARIANTS[skuVariant[sku]];
  }

  String brand(int sku) {
    return BRANDS[skuBrand[sku]];
  }

  static String userId(int user) {
    return Text.padded("U", user + 1, 8);
  }

  static String skuId(int sku) {
    return Text.padded("SKU", sku + 1, 6);
  }

  static String roomId(int room) {
    return Text.padded("R", room + 1, 3);
  }

  static String anchorId(int anchor) {
    return Text.padded("A", anchor + 1, 3);
  }

  /** A fake mainland mobile number: 1, a second digit 3-9, nine more digits. */
  String phone(int user) {
    SplittableRandom rng = Rng.of(seed, Rng.USERS, user, 1);
    return Text.padded("1" + (3 + rng.nextInt(7)), rng.nextInt(1_000_000_000), 9);
  }
}
