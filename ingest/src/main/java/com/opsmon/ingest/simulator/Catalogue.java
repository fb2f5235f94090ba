package com.opsmon.ingest.simulator;

import com.fasterxml.jackson.databind.node.DecimalNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What the retailer sells: by default a few dozen named SKUs with euro list prices, converted to
 * each region's currency at local price points (29.99, ¥4,860), and a skewed popularity (a few
 * best-sellers carry much of the volume). A larger catalogue, for measuring how the monitor's cost
 * grows with SKUs, adds numbered items after the named ones in the same long tail.
 */
final class Catalogue {
  /** The named SKUs: the whole default catalogue, and the best-sellers of a larger one. */
  static final List<Sku> NAMED =
      List.of(
          new Sku(0, "sku-1001", "USB-C cable 2 m", 999),
          new Sku(1, "sku-1002", "Wireless earbuds", 4999),
          new Sku(2, "sku-1003", "Phone case", 1499),
          new Sku(3, "sku-1004", "Coffee beans 1 kg", 1850),
          new Sku(4, "sku-1005", "Running socks, 3 pairs", 1200),
          new Sku(5, "sku-1006", "Screen protector", 799),
          new Sku(6, "sku-1007", "Power bank 10,000 mAh", 2999),
          new Sku(7, "sku-1008", "Water bottle", 1990),
          new Sku(8, "sku-1009", "LED desk lamp", 3499),
          new Sku(9, "sku-1010", "Yoga mat", 2499),
          new Sku(10, "sku-1011", "Bluetooth speaker", 5999),
          new Sku(11, "sku-1012", "Cotton T-shirt", 1500),
          new Sku(12, "sku-1013", "Notebook A5", 650),
          new Sku(13, "sku-1014", "Kitchen scale", 2299),
          new Sku(14, "sku-1015", "Smart plug", 1799),
          new Sku(15, "sku-1016", "Backpack 20 l", 4490),
          new Sku(16, "sku-1017", "Desk organiser", 1699),
          new Sku(17, "sku-1018", "Wireless mouse", 2499),
          new Sku(18, "sku-1019", "Mechanical keyboard", 8900),
          new Sku(19, "sku-1020", "Running shoes", 9995),
          new Sku(20, "sku-1021", "Chef's knife", 4500),
          new Sku(21, "sku-1022", "French press", 2750),
          new Sku(22, "sku-1023", "Bath towel set", 3200),
          new Sku(23, "sku-1024", "Scented candle", 1199),
          new Sku(24, "sku-1025", "Board game", 3999),
          new Sku(25, "sku-1026", "Hoodie", 4900),
          new Sku(26, "sku-1027", "Smartwatch", 19900),
          new Sku(27, "sku-1028", "Noise-cancelling headphones", 24900),
          new Sku(28, "sku-1029", "Robot vacuum", 32900),
          new Sku(29, "sku-1030", "Espresso machine", 44900),
          new Sku(30, "sku-1031", "27-inch monitor", 27900),
          new Sku(31, "sku-1032", "Office chair", 23900),
          new Sku(32, "sku-1033", "Air purifier", 15900),
          new Sku(33, "sku-1034", "10-inch tablet", 37900),
          new Sku(34, "sku-1035", "Game console", 49900),
          new Sku(35, "sku-1036", "Winter jacket", 12900));

  /** Zipf exponent of popularity by list position: the first SKUs are the best-sellers. */
  private static final double POPULARITY_SKEW = 1.1;

  /** The number in the first SKU's code ({@code sku-1001}). */
  private static final int FIRST_CODE = 1001;

  /** The default catalogue: the named SKUs. */
  static final Catalogue STANDARD = new Catalogue(NAMED);

  private final List<Sku> skus;
  private final double[] popularity;
  private final double[] cumulativePopularity;
  private final long[][] prices;

  private Catalogue(List<Sku> skus) {
    this.skus = skus;
    popularity = new double[skus.size()];
    double total = 0;
    for (int i = 0; i < popularity.length; i++) {
      popularity[i] = 1.0 / StrictMath.pow(i + 1, POPULARITY_SKEW);
      total += popularity[i];
    }
    for (int i = 0; i < popularity.length; i++) {
      popularity[i] /= total;
    }
    cumulativePopularity = Dice.cumulative(popularity);
    prices = new long[skus.size()][World.REGIONS.size()];
    for (Sku sku : skus) {
      for (World.Region region : World.REGIONS) {
        prices[sku.index()][region.index()] = localPrice(sku.euroCents(), region);
      }
    }
  }

  /**
   * A catalogue of {@code size} SKUs: the named ones first, then numbered items ({@code sku-1037},
   * {@code sku-1038}, …) priced like the named SKU in the same position modulo their count. The
   * standard catalogue when {@code size} is the named count.
   */
  static Catalogue ofSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a catalogue needs at least one SKU, not " + size);
    }
    if (size == NAMED.size()) {
      return STANDARD;
    }
    List<Sku> skus = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      skus.add(
          i < NAMED.size()
              ? NAMED.get(i)
              : new Sku(
                  i,
                  "sku-" + (FIRST_CODE + i),
                  "Item " + (FIRST_CODE + i),
                  NAMED.get(i % NAMED.size()).euroCents()));
    }
    return new Catalogue(List.copyOf(skus));
  }

  List<Sku> skus() {
    return skus;
  }

  int size() {
    return skus.size();
  }

  /** The share of order lines that are for this SKU. */
  double popularity(Sku sku) {
    return popularity[sku.index()];
  }

  Sku drawSku(Dice dice) {
    return skus.get(dice.pick(cumulativePopularity));
  }

  /** The unit price in the region's currency, in minor units (cents; yen have none). */
  long unitPrice(Sku sku, World.Region region) {
    return prices[sku.index()][region.index()];
  }

  /**
   * An amount in minor units as the contract wants it: major units with the currency's decimals.
   */
  static DecimalNode money(long minor, World.Region region) {
    return DecimalNode.valueOf(BigDecimal.valueOf(minor, region.currencyDigits()));
  }

  private static long localPrice(long euroCents, World.Region region) {
    if (region.perEuro() == 1.0) {
      return euroCents;
    }
    double major = euroCents / 100.0 * region.perEuro();
    int digits = region.currencyDigits();
    if (digits == 0) {
      // prices without minor units end in a round ten
      return Math.max(10, Math.round(major / 10) * 10);
    }
    long minorPerMajor = (long) StrictMath.pow(10, digits);
    return (long) Math.ceil(major) * minorPerMajor - 1;
  }

  /**
   * One product.
   *
   * @param euroCents the list price in euro cents, the base of every region's price
   */
  record Sku(int index, String code, String name, long euroCents) {}
}
