package com.opsmon.store.query;

import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The points every backend's query test is seeded with, two days before now: an hour of {@code
 * orders} per region and channel with their totals (regions include a quote, a semicolon, regular
 * expression characters and non-Latin letters), a few 5-minute {@code orders} points, and an hour
 * of {@code service_latency_p99} per service and region.
 */
final class QueryData {
  static final Instant T0 = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
  static final Duration MINUTE = Duration.ofMinutes(1);
  static final List<String> REGIONS =
      List.of("eu", "us", "o'hare", "semi;colon", ".*", "zürich-東京");
  static final List<String> CHANNELS = List.of("web", "app");
  static final List<String> SERVICES = List.of("checkout", "search");

  private QueryData() {}

  static List<KpiPoint> points() {
    Random random = new Random(42);
    List<KpiPoint> points = new ArrayList<>();
    for (int minute = 0; minute < 60; minute++) {
      Instant at = T0.plus(MINUTE.multipliedBy(minute));
      Map<String, Double> byRegion = new HashMap<>();
      Map<String, Double> byChannel = new HashMap<>();
      double total = 0;
      for (String region : REGIONS) {
        for (String channel : CHANNELS) {
          double orders = random.nextInt(50);
          points.add(orders(at, MINUTE, region, channel, orders));
          byRegion.merge(region, orders, Double::sum);
          byChannel.merge(channel, orders, Double::sum);
          total += orders;
        }
      }
      byRegion.forEach((region, n) -> points.add(orders(at, MINUTE, region, KpiDefinition.ALL, n)));
      byChannel.forEach(
          (channel, n) -> points.add(orders(at, MINUTE, KpiDefinition.ALL, channel, n)));
      points.add(orders(at, MINUTE, KpiDefinition.ALL, KpiDefinition.ALL, total));
      for (String service : SERVICES) {
        for (String region : List.of("eu", "us")) {
          points.add(
              new KpiPoint(
                  "service_latency_p99",
                  at,
                  MINUTE,
                  Map.of("service", service, "endpoint", "all", "region", region),
                  Math.round(random.nextDouble() * 100_000) / 100.0));
        }
      }
    }
    for (int five = 0; five < 12; five++) {
      points.add(
          orders(
              T0.plus(Duration.ofMinutes(5L * five)),
              Duration.ofMinutes(5),
              "eu",
              "web",
              100 + five));
    }
    return points;
  }

  static KpiPoint orders(Instant at, Duration window, String region, String channel, double n) {
    return new KpiPoint("orders", at, window, Map.of("region", region, "channel", channel), n);
  }
}
