package com.opsmon.ingest.simulator;

import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * The simulated retailer's fixed geography and storefront: regions with their currency, time zone,
 * share of traffic and warehouses, and the sales channels. Tables are lists, so nothing depends on
 * hash order.
 */
final class World {
  static final List<Region> REGIONS =
      List.of(
          new Region(
              0,
              "eu",
              "EUR",
              1,
              0.42,
              1.0,
              List.of(new Warehouse(0, "ams-1", 0, 0.6, 1), new Warehouse(1, "fra-1", 0, 0.4, 1))),
          new Region(
              1,
              "us",
              "USD",
              -5,
              0.33,
              1.08,
              List.of(
                  new Warehouse(2, "nyc-1", 1, 0.55, -5), new Warehouse(3, "lax-1", 1, 0.45, -8))),
          new Region(
              2, "apac", "SGD", 8, 0.15, 1.46, List.of(new Warehouse(4, "sgp-1", 2, 1.0, 8))),
          new Region(
              3, "jp", "JPY", 9, 0.10, 162.0, List.of(new Warehouse(5, "tyo-1", 3, 1.0, 9))));

  static final List<Warehouse> WAREHOUSES =
      REGIONS.stream().flatMap(r -> r.warehouses().stream()).toList();

  static final List<Channel> CHANNELS =
      List.of(
          new Channel(0, "web", 0.50, 1.0),
          new Channel(1, "app", 0.35, 1.3),
          new Channel(2, "marketplace", 0.15, 0.8));

  private World() {}

  static Optional<Region> region(String code) {
    return REGIONS.stream().filter(r -> r.code().equals(code)).findFirst();
  }

  static Optional<Warehouse> warehouse(String code) {
    return WAREHOUSES.stream().filter(w -> w.code().equals(code)).findFirst();
  }

  static Region regionOf(Warehouse warehouse) {
    return REGIONS.get(warehouse.region());
  }

  /**
   * A sales region.
   *
   * @param utcOffsetHours the shoppers' local time, for the daily rhythm
   * @param trafficShare the region's share of all sessions
   * @param perEuro the price level: catalogue euro prices are converted with it
   */
  record Region(
      int index,
      String code,
      String currency,
      int utcOffsetHours,
      double trafficShare,
      double perEuro,
      List<Warehouse> warehouses) {
    int currencyDigits() {
      return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    }
  }

  /**
   * A warehouse serving one region.
   *
   * @param share the share of the region's orders it ships when both have the goods
   * @param utcOffsetHours local time, for the night shift
   */
  record Warehouse(int index, String code, int region, double share, int utcOffsetHours) {}

  /**
   * A sales channel.
   *
   * @param share the channel's share of sessions
   * @param conversionFactor how much likelier than the web a checkout there ends in an order
   */
  record Channel(int index, String code, double share, double conversionFactor) {}
}
