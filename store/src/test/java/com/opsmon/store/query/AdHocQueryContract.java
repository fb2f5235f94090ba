package com.opsmon.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.store.KpiReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every store must answer to the same ad-hoc queries over the same points ({@link QueryData}):
 * exactly what {@link QueryOracle} computes from the definition, so the stores agree with each
 * other. Each backend's IT seeds a real server and runs this table, and the injection table: values
 * that try to break out of a literal find exactly the points that carry them as text, and nothing
 * is harmed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AdHocQueryContract {
  static final List<KpiPoint> POINTS = QueryData.points();
  static final Instant T0 = QueryData.T0;

  abstract KpiReader reader();

  /** Called once the server is up: writes {@link #POINTS} and waits until they can be read. */
  void seeded() {
    AdHocQuery all =
        query(spec("orders", null, at(0), at(60), List.of(), "count", null, null, List.of(), null));
    // the count over every series and minute, totals included
    AdHocQuery everything =
        new AdHocQuery(
            all.kpi(),
            all.window(),
            all.from(),
            all.to(),
            List.of(),
            all.aggregate(),
            all.interval(),
            List.of(),
            10,
            all.timeout());
    long expected =
        POINTS.stream()
            .filter(p -> p.kpi().equals("orders") && p.window().equals(QueryData.MINUTE))
            .count();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(reader().query(everything).rows())
                    .singleElement()
                    .extracting(QueryRow::value)
                    .isEqualTo((double) expected));
  }

  static String at(int minute) {
    return T0.plus(Duration.ofMinutes(minute)).toString();
  }

  static QuerySpec.Filter eq(String tag, String value) {
    return new QuerySpec.Filter(tag, "=", value, null);
  }

  static QuerySpec.Filter in(String tag, String... values) {
    return new QuerySpec.Filter(tag, "in", null, List.of(values));
  }

  static QuerySpec spec(
      String kpi,
      String window,
      String from,
      String to,
      List<QuerySpec.Filter> where,
      String aggregate,
      Double percentile,
      String interval,
      List<String> groupBy,
      Integer limit) {
    return new QuerySpec(
        kpi, window, from, to, where, aggregate, percentile, interval, groupBy, limit);
  }

  static AdHocQuery query(QuerySpec spec) {
    return spec.validate(QueryLimits.DEFAULTS, T0.plus(Duration.ofDays(1)));
  }

  static Stream<Arguments> queries() {
    return Stream.of(
        Arguments.of(
            "raw points of one series",
            spec(
                "orders",
                null,
                at(0),
                at(10),
                List.of(eq("region", "eu"), eq("channel", "web")),
                null,
                null,
                null,
                null,
                null)),
        Arguments.of(
            "raw points cut at the limit, ties in series order",
            spec(
                "orders",
                null,
                at(3),
                at(9),
                List.of(in("region", "eu", "us", ".*")),
                null,
                null,
                null,
                null,
                7)),
        Arguments.of(
            "5-minute points",
            spec(
                "orders",
                "PT5M",
                at(0),
                at(60),
                List.of(eq("region", "eu"), eq("channel", "web")),
                null,
                null,
                null,
                null,
                null)),
        Arguments.of(
            "sum per 5 minutes per region, totals left out",
            spec(
                "orders",
                null,
                at(0),
                at(60),
                List.of(),
                "sum",
                null,
                "5m",
                List.of("region"),
                null)),
        Arguments.of(
            "count per region over the range",
            spec(
                "orders",
                null,
                at(0),
                at(45),
                List.of(),
                "count",
                null,
                null,
                List.of("region"),
                null)),
        Arguments.of(
            "mean per region and channel of some regions",
            spec(
                "orders",
                null,
                at(10),
                at(50),
                List.of(in("region", "eu", "zürich-東京", "o'hare")),
                "mean",
                null,
                "PT10M",
                List.of("region", "channel"),
                null)),
        Arguments.of(
            "min and max per 15 minutes of the grand total",
            spec("orders", null, at(0), at(60), List.of(), "min", null, "15m", List.of(), null)),
        Arguments.of(
            "max per 15 minutes of the grand total",
            spec("orders", null, at(0), at(60), List.of(), "max", null, "15m", List.of(), null)),
        Arguments.of(
            "p90 latency per 10 minutes per region",
            spec(
                "service_latency_p99",
                null,
                at(0),
                at(60),
                List.of(in("service", "checkout", "search")),
                "percentile",
                90.0,
                "10m",
                List.of("region"),
                null)),
        Arguments.of(
            "p50 latency per service over the range",
            spec(
                "service_latency_p99",
                null,
                at(0),
                at(60),
                List.of(),
                "p50",
                null,
                null,
                List.of("service"),
                null)),
        Arguments.of(
            "p1 of ten values has no rank: no row",
            spec(
                "service_latency_p99",
                null,
                at(0),
                at(60),
                List.of(eq("service", "checkout"), eq("region", "eu")),
                "p1",
                null,
                "10m",
                List.of(),
                null)),
        Arguments.of(
            "p99.9 of a whole hour",
            spec(
                "service_latency_p99",
                null,
                at(0),
                at(60),
                List.of(),
                "p99.9",
                null,
                null,
                List.of(),
                null)),
        Arguments.of(
            "aggregates cut at the limit",
            spec(
                "orders",
                null,
                at(0),
                at(60),
                List.of(),
                "sum",
                null,
                "1m",
                List.of("region", "channel"),
                25)),
        Arguments.of(
            "a range without points: no row, even without groups",
            spec(
                "orders", null, at(120), at(180), List.of(), "count", null, null, List.of(), null)),
        Arguments.of(
            "a grand total over the range: one row at its start",
            spec("orders", null, at(7), at(31), List.of(), "sum", null, null, List.of(), null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void shouldAnswerExactlyAsTheDefinitionSays(String name, QuerySpec spec) {
    AdHocQuery query = query(spec);
    assertSameAnswer(reader().query(query), QueryOracle.answer(query, POINTS));
  }

  /** Values that try to leave their literal: quotes, statement ends, regular expressions... */
  static Stream<String> injections() {
    return Stream.of(
        "eu' OR '1'='1",
        "eu'; DROP TABLE kpi; --",
        "eu\"; DROP MEASUREMENT kpi; --",
        "eu' OR \"region\" =~ /.*/ OR '",
        "') OR ('a'='a",
        ".*",
        "^e.*$",
        "/.*/",
        "eu\\",
        "\\'",
        "o'hare",
        "semi;colon",
        "zürich-東京",
        "eu%",
        "e_",
        "\u202eue",
        "x".repeat(256));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("injections")
  void shouldTreatEveryFilterValueAsPlainText(String value) {
    for (QuerySpec spec :
        List.of(
            spec(
                "orders",
                null,
                at(0),
                at(30),
                List.of(eq("region", value)),
                null,
                null,
                null,
                null,
                null),
            spec(
                "orders",
                null,
                at(0),
                at(30),
                List.of(in("region", value, "us")),
                "sum",
                null,
                "10m",
                List.of("region"),
                null),
            spec(
                "orders",
                null,
                at(0),
                at(30),
                List.of(eq("channel", value)),
                "count",
                null,
                null,
                List.of(),
                null))) {
      AdHocQuery query = query(spec);
      assertSameAnswer(reader().query(query), QueryOracle.answer(query, POINTS));
    }
  }

  @Test
  void shouldStillHoldEveryPointAfterTheInjections() {
    injections().forEach(this::shouldTreatEveryFilterValueAsPlainText);
    AdHocQuery count =
        query(
            spec(
                "orders",
                null,
                at(0),
                at(60),
                List.of(),
                "count",
                null,
                null,
                List.of("region", "channel"),
                1000));
    assertSameAnswer(reader().query(count), QueryOracle.answer(count, POINTS));
  }

  static void assertSameAnswer(QueryResult actual, QueryResult expected) {
    assertThat(actual.truncated()).as("truncated").isEqualTo(expected.truncated());
    assertThat(actual.rows()).hasSameSizeAs(expected.rows());
    for (int i = 0; i < expected.rows().size(); i++) {
      QueryRow a = actual.rows().get(i);
      QueryRow e = expected.rows().get(i);
      assertThat(a.time()).as("time of row " + i).isEqualTo(e.time());
      assertThat(a.tags()).as("tags of row " + i).isEqualTo(e.tags());
      assertThat(a.value())
          .as("value of row " + i)
          .isCloseTo(e.value(), within(1e-9 * Math.max(1, Math.abs(e.value()))));
    }
  }
}
