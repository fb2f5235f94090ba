package com.opsmon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every store backend must do with KPI points; each backend's IT runs it against a real
 * server.
 */
abstract class KpiStoreContract {
  /** A month ago on the hour: a store must keep what it is given, however old. */
  static final Instant T0 =
      Instant.now().minus(java.time.Duration.ofDays(30)).truncatedTo(ChronoUnit.HOURS);

  static final Duration MINUTE = Duration.ofMinutes(1);

  /** Writes points the way the backend is written to in production. */
  abstract void write(List<KpiPoint> points);

  abstract KpiReader reader();

  /** A point of a KPI that only the calling test writes, so tests sharing a store stay apart. */
  static KpiPoint point(String kpi, int minute, String region, double value) {
    return new KpiPoint(
        kpi, T0.plus(MINUTE.multipliedBy(minute)), MINUTE, Map.of("region", region), value);
  }

  @Test
  void shouldReadBackPointsInWindowOrderWithTheirTags() {
    write(
        List.of(
            point("orders", 1, "us", 4),
            point("orders", 0, "eu", 3),
            point("orders", 1, "eu", 5),
            point("orders", 7, "eu", 9)));
    KpiQuery query = new KpiQuery("orders", T0, T0.plus(MINUTE.multipliedBy(5)), Map.of());

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(reader().read(query))
                    .containsExactly(
                        point("orders", 0, "eu", 3),
                        point("orders", 1, "eu", 5),
                        point("orders", 1, "us", 4)));
  }

  /** Tag values are whatever producers send: line protocol and SQL must both carry them intact. */
  @Test
  void shouldKeepTagValuesWithLineProtocolAndSqlSpecialCharacters() {
    List<String> regions =
        List.of("a,b", "a b", "a=b", "a\\b", "it's", "\"q\"", "zürich-東京", "x,y=z w");
    List<KpiPoint> points = new java.util.ArrayList<>();
    for (int i = 0; i < regions.size(); i++) {
      points.add(point("odd_tags", i, regions.get(i), i + 1));
    }
    write(points);
    KpiQuery all = new KpiQuery("odd_tags", T0, T0.plus(MINUTE.multipliedBy(60)), Map.of());

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(reader().read(all)).containsExactlyElementsOf(points));
    KpiQuery one =
        new KpiQuery("odd_tags", T0, T0.plus(MINUTE.multipliedBy(60)), Map.of("region", "x,y=z w"));
    assertThat(reader().read(one)).containsExactly(points.get(7));
  }

  @Test
  void shouldReplaceAPointRewrittenForTheSameWindowAndSeries() {
    write(List.of(point("cancellations", 2, "apac", 1)));
    write(List.of(point("cancellations", 2, "apac", 6)));
    KpiQuery query =
        new KpiQuery(
            "cancellations", T0, T0.plus(MINUTE.multipliedBy(5)), Map.of("region", "apac"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(reader().read(query))
                    .containsExactly(point("cancellations", 2, "apac", 6)));
  }

  @Test
  void shouldFilterByTagsAndMatchNothingForUnknownTags() {
    KpiPoint revenue =
        new KpiPoint("revenue", T0, MINUTE, Map.of("region", "latam", "currency", "BRL"), 10.25);
    write(List.of(revenue, point("revenue", 0, "eu", 2)));
    KpiQuery byRegion = new KpiQuery("revenue", T0, T0.plus(MINUTE), Map.of("region", "latam"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(reader().read(byRegion)).containsExactly(revenue));
    assertThat(
            reader().read(new KpiQuery("revenue", T0, T0.plus(MINUTE), Map.of("warehouse", "x"))))
        .isEmpty();
    assertThat(reader().read(new KpiQuery("no_such_kpi", T0, T0.plus(MINUTE), Map.of()))).isEmpty();
  }

  @Test
  void shouldAnswerPing() {
    reader().ping();
  }
}
