package com.opsmon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.api.band.ExpectedBand;
import com.opsmon.detection.DetectorSettings;
import com.opsmon.embedded.EmbeddedQuestDb;
import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.store.KpiQuery;
import com.opsmon.store.KpiReader;
import com.opsmon.store.KpiStores;
import com.opsmon.store.KpiWriter;
import com.opsmon.store.StoreSettings;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/kpis/{kpi}?band=true} over a real QuestDB store, through real HTTP on a free
 * port: each point carries what the detector expected of it, learned from the week before {@code
 * from} and no earlier, null where it does not know, and the work a request may ask is bounded.
 */
class KpiBandApiIT {
  /** Yesterday on the hour: placed relative to the clock, never a fixed date. */
  private static final Instant T0 =
      Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);

  private static final Instant NOW = T0.plus(Duration.ofHours(2));
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final int A_WEEK_OF_MINUTES = 10_080;
  private static final Map<String, String> TOTAL = Map.of("region", "all", "channel", "all");

  /** The minute of the range with a spike far above the series' usual wobble. */
  private static final int SPIKE = 30;

  /** More series than the detector may warm up at once (each is a week of minutes). */
  private static final int MANY_REGIONS = 20;

  @TempDir static Path dir;
  static EmbeddedQuestDb questDb;
  static KpiReader reader;
  static final List<KpiPoint> weekBefore = new ArrayList<>();
  static final List<KpiPoint> range = new ArrayList<>();

  private static Instant minute(int m) {
    return T0.plus(MINUTE.multipliedBy(m));
  }

  /** Whole orders around 100 a minute, with an irregular wobble of a few. */
  private static double orders(int m) {
    return Math.round(100 + 4 * Math.sin(m * 1.3));
  }

  private static KpiPoint point(int m, Map<String, String> tags, double value) {
    return new KpiPoint("orders", minute(m), MINUTE, tags, value);
  }

  @BeforeAll
  static void start() {
    questDb = EmbeddedQuestDb.start(dir);
    StoreSettings store = StoreSettings.questDb(questDb.httpUrl(), questDb.jdbcUrl());
    KpiStores.prepare(store);
    reader = KpiStores.reader(store);
    List<KpiPoint> all = new ArrayList<>();
    // an hour at another level eight days before: beyond the warm-up, it must not count
    int eightDays = (int) Duration.ofDays(8).toMinutes();
    for (int m = -eightDays; m < -eightDays + 60; m++) {
      all.add(point(m, TOTAL, 1000));
    }
    for (int m = -(int) Duration.ofDays(1).toMinutes(); m < 0; m++) {
      weekBefore.add(point(m, TOTAL, orders(m)));
    }
    for (int m = 0; m < 60; m++) {
      range.add(point(m, TOTAL, m == SPIKE ? 300 : orders(m)));
    }
    all.addAll(weekBefore);
    all.addAll(range);
    // a series with a handful of points: the detector has not learned enough for a band
    for (int m = 0; m < 5; m++) {
      all.add(point(m, Map.of("region", "eu", "channel", "all"), 10));
    }
    for (int r = 0; r < MANY_REGIONS; r++) {
      all.add(point(0, Map.of("region", "r%02d".formatted(r), "channel", "all"), 1));
    }
    try (KpiWriter writer = KpiStores.writer(store)) {
      writer.write(all);
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                reader.read(new KpiQuery("orders", minute(-eightDays), minute(60), Map.of())).size()
                    == all.size());
  }

  @AfterAll
  static void stop() {
    if (reader != null) {
      reader.close();
    }
    if (questDb != null) {
      questDb.close();
    }
  }

  private static Javalin app() {
    return DashboardApi.create(
        ApiContext.builder(
                reader,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.fixed(NOW, ZoneOffset.UTC))
            .build());
  }

  private static JsonNode json(Response response) throws Exception {
    return Json.mapper().readTree(response.body().string());
  }

  @Test
  void shouldGiveEachPointTheDetectorsBandLearnedFromTheWeekBeforeFrom() {
    List<ExpectedBand.Band> expected =
        new ExpectedBand(DetectorSettings.defaults(), A_WEEK_OF_MINUTES).of(weekBefore, range);
    JavalinTest.test(
        app(),
        (server, client) -> {
          Response response =
              client.get(
                  "/api/v1/kpis/orders?band=true&region=all&from=" + T0 + "&to=" + minute(60));

          assertThat(response.code()).isEqualTo(200);
          JsonNode points = json(response).get("points");
          assertThat(points).hasSize(60);
          List<ExpectedBand.Band> served = new ArrayList<>();
          for (JsonNode p : points) {
            served.add(
                new ExpectedBand.Band(
                    p.get("expected").asDouble(),
                    p.get("lower").asDouble(),
                    p.get("upper").asDouble()));
          }
          assertThat(served).containsExactlyElementsOf(expected);
          assertThat(points.get(0).get("time").asText()).isEqualTo(T0.toString());
          assertThat(points.get(0).get("expected").asDouble()).isBetween(95.0, 105.0);
          assertThat(points.get(SPIKE).get("value").asDouble())
              .isGreaterThan(points.get(SPIKE).get("upper").asDouble());
          assertThat(points.get(SPIKE + 1).get("value").asDouble())
              .isBetween(
                  points.get(SPIKE + 1).get("lower").asDouble(),
                  points.get(SPIKE + 1).get("upper").asDouble());
        });
  }

  @Test
  void shouldLeaveTheBandOutUnlessAskedAndGiveNullWhereTheDetectorDoesNotKnowYet() {
    JavalinTest.test(
        app(),
        (server, client) -> {
          JsonNode plain = json(client.get("/api/v1/kpis/orders?from=" + T0 + "&to=" + minute(60)));
          JsonNode young =
              json(
                  client.get(
                      "/api/v1/kpis/orders?band=true&region=eu&from=" + T0 + "&to=" + minute(60)));

          assertThat(plain.get("points")).hasSize(60);
          assertThat(plain.get("points").get(0).fieldNames())
              .toIterable()
              .containsExactly("time", "tags", "value");
          assertThat(young.get("points")).hasSize(5);
          JsonNode first = young.get("points").get(0);
          assertThat(first.fieldNames())
              .toIterable()
              .containsExactly("time", "tags", "value", "expected", "lower", "upper");
          assertThat(first.get("expected").isNull()).isTrue();
          assertThat(first.get("lower").isNull()).isTrue();
          assertThat(first.get("upper").isNull()).isTrue();
        });
  }

  @Test
  void shouldAnswer400ForABadBandAndForMoreDetectorWorkThanAllowed() {
    JavalinTest.test(
        app(),
        (server, client) -> {
          Response yes = client.get("/api/v1/kpis/orders?band=yes");
          Response everyRegion =
              client.get("/api/v1/kpis/orders?band=true&region=*&from=" + T0 + "&to=" + minute(60));
          Response everyRegionPlain =
              client.get("/api/v1/kpis/orders?region=*&from=" + T0 + "&to=" + minute(60));

          assertThat(yes.code()).isEqualTo(400);
          assertThat(json(yes).get("error").asText()).isEqualTo("'band' must be true or false");
          assertThat(everyRegion.code()).isEqualTo(400);
          assertThat(json(everyRegion).get("error").asText())
              .isEqualTo(
                  "band=true runs the detector over at most 200000 points (the range's, and up to"
                      + " 10080 earlier ones of each series); this range has 85 points in 22"
                      + " series: ask for a shorter range or fewer series");
          assertThat(everyRegionPlain.code()).isEqualTo(200);
        });
  }
}
