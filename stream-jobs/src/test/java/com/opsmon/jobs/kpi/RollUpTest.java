package com.opsmon.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.kpi.SeriesKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class RollUpTest {
  private static final long MINUTE_9 = Duration.ofMinutes(9).toMillis();

  @Test
  void shouldRouteAMinuteToItsOwnSeriesAndEveryTotalForEachWindowSize() {
    RollUp<String> rollUp =
        new RollUp<>(
            List.of("region", "channel"), List.of(Duration.ofMinutes(1), Duration.ofMinutes(5)));
    List<Routed<String>> routed = new ArrayList<>();

    rollUp.flatMap(
        new Minute<>(SeriesKey.of("region", "eu", "channel", "web"), MINUTE_9, "totals"),
        collector(routed));

    assertThat(routed)
        .extracting(r -> SeriesKey.decode(r.tags()), Routed::windowMs, Routed::windowStart)
        .containsExactlyInAnyOrder(
            tuple(Map.of("region", "eu", "channel", "web"), 60_000L, MINUTE_9),
            tuple(Map.of("region", "eu", "channel", "web"), 300_000L, 300_000L),
            tuple(Map.of("region", "all", "channel", "web"), 60_000L, MINUTE_9),
            tuple(Map.of("region", "all", "channel", "web"), 300_000L, 300_000L),
            tuple(Map.of("region", "eu", "channel", "all"), 60_000L, MINUTE_9),
            tuple(Map.of("region", "eu", "channel", "all"), 300_000L, 300_000L),
            tuple(Map.of("region", "all", "channel", "all"), 60_000L, MINUTE_9),
            tuple(Map.of("region", "all", "channel", "all"), 300_000L, 300_000L));
    assertThat(routed).extracting(Routed::totals).containsOnly("totals");
    assertThat(routed)
        .extracting(Routed::part)
        .containsOnly(SeriesKey.of("region", "eu", "channel", "web") + "@" + MINUTE_9);
  }

  @Test
  void shouldRouteAPartialMinuteOnlyToTheViewsThatShowPartialPoints() {
    RollUp<String> rollUp =
        new RollUp<>(
            List.of("region"),
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(5)),
            PartialScope.all(Duration.ofMinutes(1), "orders"));
    List<Routed<String>> routed = new ArrayList<>();

    rollUp.flatMap(
        new Minute<>(SeriesKey.of("region", "eu"), MINUTE_9, "so far", "eu", true),
        collector(routed));
    rollUp.flatMap(
        new Minute<>(SeriesKey.of("region", "eu"), MINUTE_9, "final"), collector(routed));

    assertThat(routed)
        .filteredOn(Routed::partial)
        .extracting(Routed::windowMs)
        .containsExactly(60_000L, 60_000L);
    assertThat(routed).filteredOn(r -> !r.partial()).hasSize(4);
  }

  @Test
  void shouldKeepTheOriginOfAFoldedGaugeAsThePartItReplacesSoFoldedSeriesAddUp() {
    RollUp<String> rollUp = new RollUp<>(List.of("sku"), List.of(Duration.ofMinutes(1)));
    List<Routed<String>> routed = new ArrayList<>();
    String other = SeriesKey.of("sku", "other");

    rollUp.flatMap(
        new Minute<>(SeriesKey.of("sku", "a-9"), MINUTE_9, "a").foldedInto(other),
        collector(routed));
    rollUp.flatMap(
        new Minute<>(SeriesKey.of("sku", "b-7"), MINUTE_9, "b").foldedInto(other),
        collector(routed));

    assertThat(routed)
        .filteredOn(r -> r.tags().equals(other))
        .extracting(Routed::part)
        .containsExactly(
            SeriesKey.of("sku", "a-9") + "@" + MINUTE_9,
            SeriesKey.of("sku", "b-7") + "@" + MINUTE_9);
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }

  private static <T> Collector<T> collector(List<T> into) {
    return new Collector<>() {
      @Override
      public void collect(T record) {
        into.add(record);
      }

      @Override
      public void close() {}
    };
  }
}
