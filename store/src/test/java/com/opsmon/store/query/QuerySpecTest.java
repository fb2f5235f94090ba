package com.opsmon.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuerySpecTest {
  private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

  private static QuerySpec spec(
      String kpi,
      List<QuerySpec.Filter> where,
      String aggregate,
      String interval,
      List<String> groupBy) {
    return new QuerySpec(kpi, null, null, null, where, aggregate, null, interval, groupBy, null);
  }

  private static QuerySpec.Filter eq(String tag, String value) {
    return new QuerySpec.Filter(tag, "=", value, null);
  }

  @Test
  void shouldDefaultToTheLastHourOfThePrimaryWindowReadingTotalsOfTagsNotAskedFor() {
    AdHocQuery query =
        spec("orders", List.of(eq("region", "eu")), null, null, null)
            .validate(QueryLimits.DEFAULTS, NOW);

    assertThat(query.from()).isEqualTo(NOW.minus(Duration.ofHours(1)));
    assertThat(query.to()).isEqualTo(NOW);
    assertThat(query.window()).isEqualTo(Duration.ofMinutes(1));
    assertThat(query.filters())
        .containsExactly(TagFilter.eq("region", "eu"), TagFilter.eq("channel", "all"));
    assertThat(query.limit()).isEqualTo(QueryLimits.DEFAULTS.defaultLimit());
  }

  @Test
  void shouldLeaveTheTotalOutOfAGroupedTag() {
    AdHocQuery query =
        spec("orders", List.of(), "sum", "5m", List.of("region"))
            .validate(QueryLimits.DEFAULTS, NOW);

    assertThat(query.filters())
        .containsExactly(TagFilter.notEq("region", "all"), TagFilter.eq("channel", "all"));
    assertThat(query.aggregate()).contains(Aggregate.of(Aggregate.Function.SUM));
    assertThat(query.interval()).contains(Duration.ofMinutes(5));
  }

  @Test
  void shouldReadPercentilesInBothSpellings() {
    assertThat(
            spec("orders", null, "p99.9", null, null)
                .validate(QueryLimits.DEFAULTS, NOW)
                .aggregate())
        .contains(Aggregate.percentile(99.9));
    assertThat(
            new QuerySpec("orders", null, null, null, null, "percentile", 95.0, null, null, null)
                .validate(QueryLimits.DEFAULTS, NOW)
                .aggregate())
        .isEqualTo(Optional.of(Aggregate.percentile(95)));
  }

  static Stream<Arguments> refused() {
    String huge = "x".repeat(257);
    return Stream.of(
        Arguments.of(spec(null, null, null, null, null), "'kpi' must name a KPI"),
        Arguments.of(spec("orders; DROP TABLE kpi", null, null, null, null), "unknown KPI"),
        Arguments.of(spec("ORDERS", null, null, null, null), "unknown KPI"),
        Arguments.of(
            spec("orders", List.of(eq("region\" OR 1=1 --", "eu")), null, null, null),
            "is not a tag of orders"),
        Arguments.of(
            spec("orders", List.of(eq("kpi", "revenue")), null, null, null),
            "is not a tag of orders"),
        Arguments.of(
            spec("orders", List.of(eq("series", "x")), null, null, null), "is not a tag of orders"),
        Arguments.of(
            spec("orders", List.of(eq("warehouse", "ams-1")), null, null, null),
            "is not a tag of orders"),
        Arguments.of(
            spec(
                "orders",
                List.of(new QuerySpec.Filter("region", "=~", "/.*/", null)),
                null,
                null,
                null),
            "unknown op"),
        Arguments.of(
            spec(
                "orders",
                List.of(new QuerySpec.Filter("region", "in", "eu", null)),
                null,
                null,
                null),
            "'in' takes a list"),
        Arguments.of(
            spec("orders", List.of(eq("region", huge)), null, null, null),
            "at most 256 characters"),
        Arguments.of(
            spec("orders", List.of(eq("region", "eu\nus")), null, null, null),
            "control characters"),
        Arguments.of(
            spec("orders", List.of(eq("region", "eu\u0000")), null, null, null),
            "control characters"),
        Arguments.of(
            spec("orders", List.of(eq("region", "")), null, null, null), "may not be empty"),
        Arguments.of(
            spec("orders", List.of(eq("region", "eu"), eq("region", "us")), null, null, null),
            "twice"),
        Arguments.of(
            spec("orders", null, "sum(value)); DROP TABLE kpi; --", null, null),
            "unknown 'aggregate'"),
        Arguments.of(spec("orders", null, "p0", null, null), "(0, 100]"),
        Arguments.of(spec("orders", null, "p101", null, null), "(0, 100]"),
        Arguments.of(spec("orders", null, null, "5m", null), "needs an 'aggregate'"),
        Arguments.of(spec("orders", null, null, null, List.of("region")), "needs an 'aggregate'"),
        Arguments.of(spec("orders", null, "sum", "90s", null), "whole multiple of the window"),
        Arguments.of(spec("orders", null, "sum", "1m; DROP", null), "must be a duration"),
        Arguments.of(spec("orders", null, "sum", null, List.of("region", "region")), "twice"),
        Arguments.of(spec("orders", null, "sum", null, List.of("time")), "is not a tag of orders"),
        Arguments.of(
            new QuerySpec("orders", "PT2M", null, null, null, null, null, null, null, null),
            "is computed for the windows"),
        Arguments.of(
            new QuerySpec(
                "orders",
                null,
                "2030-01-01T10:00:00Z",
                "2030-01-01T09:00:00Z",
                null,
                null,
                null,
                null,
                null,
                null),
            "must be before"),
        Arguments.of(
            new QuerySpec("orders", null, "yesterday", null, null, null, null, null, null, null),
            "ISO-8601 instant"),
        Arguments.of(
            new QuerySpec(
                "orders", null, "2020-01-01T00:00:00Z", null, null, null, null, null, null, null),
            "at most 34 days"),
        Arguments.of(
            new QuerySpec(
                "orders", null, "+10000-01-01T00:00:00Z", null, null, null, null, null, null, null),
            "must lie between"),
        Arguments.of(
            new QuerySpec(
                "orders",
                null,
                NOW.minus(Duration.ofDays(30)).toString(),
                NOW.toString(),
                null,
                "sum",
                null,
                "1m",
                null,
                null),
            "buckets"),
        Arguments.of(
            new QuerySpec("orders", null, null, null, null, null, null, null, null, 0), "'limit'"),
        Arguments.of(
            new QuerySpec("orders", null, null, null, null, null, null, null, null, 10_001),
            "'limit'"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void shouldRefuseWithAReason(QuerySpec spec, String reason) {
    assertThatThrownBy(() -> spec.validate(QueryLimits.DEFAULTS, NOW))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void shouldListEveryProblemAtOnce() {
    QuerySpec spec =
        new QuerySpec(
            "orders",
            "PT2M",
            "then",
            null,
            List.of(eq("nope", "x")),
            "median",
            null,
            null,
            null,
            -1);

    assertThatThrownBy(() -> spec.validate(QueryLimits.DEFAULTS, NOW))
        .isInstanceOfSatisfying(
            InvalidQueryException.class, e -> assertThat(e.problems()).hasSize(5));
  }

  @Test
  void shouldEchoAtMostAShortPieceOfAHugeName() {
    String name = "k".repeat(100_000);

    assertThatThrownBy(() -> spec(name, null, null, null, null).validate(QueryLimits.DEFAULTS, NOW))
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(2_000));
  }
}
