package com.opsmon.store.query;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.opsmon.embedded.EmbeddedQuestDb;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.store.InfluxDbProcess;
import com.opsmon.store.KpiReader;
import com.opsmon.store.KpiSchema;
import com.opsmon.store.KpiStores;
import com.opsmon.store.KpiWriter;
import com.opsmon.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A month of per-minute points (three series, 129,600 points) in embedded QuestDB and a real
 * InfluxDB 1.x: four typical ad-hoc queries must get the same rows from both, and the time each
 * store takes is printed (median and slowest of ten runs after two warm-ups). Skipped without
 * {@code influxd}.
 */
class AdHocQueryScaleIT {
  static final int DAYS = 30;
  static final Instant START =
      Instant.now().minus(Duration.ofDays(DAYS + 2)).truncatedTo(ChronoUnit.DAYS);
  static final Instant END = START.plus(Duration.ofDays(DAYS));

  @TempDir Path dir;

  static List<KpiPoint> month() {
    Random random = new Random(7);
    List<KpiPoint> points = new ArrayList<>();
    for (int m = 0; m < DAYS * 24 * 60; m++) {
      Instant at = START.plus(Duration.ofMinutes(m));
      double eu = random.nextInt(80);
      double us = random.nextInt(60);
      points.add(point(at, "eu", eu));
      points.add(point(at, "us", us));
      points.add(point(at, "all", eu + us));
    }
    return points;
  }

  static KpiPoint point(Instant at, String region, double value) {
    return new KpiPoint(
        "orders", at, Duration.ofMinutes(1), Map.of("region", region, "channel", "all"), value);
  }

  static Map<String, AdHocQuery> queries() {
    Instant now = END.plus(Duration.ofDays(1));
    String from = START.toString();
    String to = END.toString();
    return Map.of(
        "sum per hour per region, 30 days",
        new QuerySpec("orders", null, from, to, null, "sum", null, "1h", List.of("region"), 10_000)
            .validate(QueryLimits.DEFAULTS, now),
        "p95 per day of the total, 30 days",
        new QuerySpec("orders", null, from, to, null, "p95", null, "1d", null, null)
            .validate(QueryLimits.DEFAULTS, now),
        "count per region, 30 days",
        new QuerySpec("orders", null, from, to, null, "count", null, null, List.of("region"), null)
            .validate(QueryLimits.DEFAULTS, now),
        "one day of eu's points",
        new QuerySpec(
                "orders",
                null,
                END.minus(Duration.ofDays(1)).toString(),
                to,
                List.of(new QuerySpec.Filter("region", "=", "eu", null)),
                null,
                null,
                null,
                null,
                10_000)
            .validate(QueryLimits.DEFAULTS, now));
  }

  @Test
  void shouldGiveTheSameRowsFromBothStoresOverAMonthAndSayHowLongEachTakes() throws Exception {
    assumeTrue(
        InfluxDbProcess.available(),
        "no InfluxDB server at " + InfluxDbProcess.INFLUXD + " (apt-get install influxdb)");
    List<KpiPoint> points = month();
    java.nio.file.Files.createDirectories(dir.resolve("influx"));
    try (EmbeddedQuestDb questDb = EmbeddedQuestDb.start(dir.resolve("questdb"));
        InfluxDbProcess influx = InfluxDbProcess.start(dir.resolve("influx"))) {
      StoreSettings quest = StoreSettings.questDb(questDb.httpUrl(), questDb.jdbcUrl());
      KpiStores.prepare(quest);
      long writing = System.nanoTime();
      try (KpiWriter writer = KpiStores.writer(quest)) {
        for (int i = 0; i < points.size(); i += 10_000) {
          writer.write(points.subList(i, Math.min(points.size(), i + 10_000)));
        }
      }
      long questWrite = System.nanoTime() - writing;
      influx.createDatabase("opsmon");
      writing = System.nanoTime();
      for (int i = 0; i < points.size(); i += 10_000) {
        influx.writeV1(
            "opsmon",
            points.subList(i, Math.min(points.size(), i + 10_000)).stream()
                .map(p -> KpiSchema.toPoint(p, StoreSettings.Kind.INFLUXDB).toLineProtocol())
                .collect(Collectors.joining("\n")));
      }
      long influxWrite = System.nanoTime() - writing;
      System.out.printf(
          "query scale: wrote %d points: QuestDB %d ms (line protocol, until acknowledged),"
              + " InfluxDB 1.6 %d ms%n",
          points.size(), questWrite / 1_000_000, influxWrite / 1_000_000);
      try (KpiReader questReader = KpiStores.reader(quest);
          KpiReader influxReader =
              KpiStores.reader(
                  StoreSettings.influxDb(influx.url(), "unused", "opsmon", "opsmon"))) {
        AdHocQuery count = queries().get("count per region, 30 days");
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(120))
            .until(
                () ->
                    questReader.query(count).rows().stream()
                            .allMatch(r -> r.value() == DAYS * 24 * 60)
                        && questReader.query(count).rows().size() == 2);
        for (Map.Entry<String, AdHocQuery> q : queries().entrySet()) {
          QueryResult fromQuest = questReader.query(q.getValue());
          QueryResult fromInflux = influxReader.query(q.getValue());
          AdHocQueryContract.assertSameAnswer(fromInflux, fromQuest);
          System.out.printf(
              "query scale: %-36s %5d rows  QuestDB %s  InfluxDB %s%n",
              q.getKey(),
              fromQuest.rows().size(),
              timing(questReader, q.getValue()),
              timing(influxReader, q.getValue()));
        }
      }
    }
  }

  /** Median and slowest of ten runs after two warm-ups. */
  static String timing(KpiReader reader, AdHocQuery query) {
    for (int i = 0; i < 2; i++) {
      reader.query(query);
    }
    long[] ms = new long[10];
    for (int i = 0; i < ms.length; i++) {
      long start = System.nanoTime();
      reader.query(query);
      ms[i] = (System.nanoTime() - start) / 1_000_000;
    }
    Arrays.sort(ms);
    return "p50 " + ms[ms.length / 2] + " ms, max " + ms[ms.length - 1] + " ms";
  }
}
