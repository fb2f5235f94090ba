package com.opsmon.jobs.care;

import static com.opsmon.jobs.TestEvents.opened;
import static com.opsmon.jobs.TestEvents.resolved;
import static com.opsmon.jobs.TestEvents.step;
import static com.opsmon.jobs.TestOrders.created;
import static com.opsmon.jobs.TestPoints.all;
import static com.opsmon.jobs.TestPoints.last;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.FiniteRun;
import com.opsmon.jobs.Pipelines;
import com.opsmon.model.events.Event;
import com.opsmon.model.events.EventType;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The customer-service KPIs over three tickets and five orders on a MiniCluster. k1 (web complaint,
 * eu) is answered after 10 minutes and resolved after 40 with a 2; k2 (app inquiry, eu) is answered
 * after 90 s, resolved after 150 s with a 5, reopened at minute 20 and resolved again five minutes
 * later with a 4; k3 (web complaint, us) stays open. k1 and k2 are opened a second time, which
 * changes nothing.
 */
class CareKpisIT {
  /** 10:00 the day before yesterday, placed relative to the clock, never a fixed date. */
  private static final Instant T0 =
      Instant.now()
          .truncatedTo(ChronoUnit.DAYS)
          .minus(Duration.ofDays(2))
          .plus(Duration.ofHours(10));

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration HOUR = Duration.ofHours(1);

  private static FiniteRun.Result result;

  private static Instant at(int minutes, int seconds) {
    return T0.plus(Duration.ofMinutes(minutes)).plusSeconds(seconds);
  }

  @BeforeAll
  static void run() throws Exception {
    List<Event> events =
        List.of(
            created(at(0, 5), "eu", "10.00", "EUR"),
            created(at(0, 10), "eu", "10.00", "EUR"),
            created(at(0, 15), "eu", "10.00", "EUR"),
            created(at(0, 20), "eu", "10.00", "EUR"),
            created(at(0, 25), "us", "10.00", "USD"),
            opened(at(0, 0), "k1", "complaint", "web", "eu"),
            opened(at(0, 30), "k2", "inquiry", "app", "eu"),
            opened(at(0, 50), "k3", "complaint", "web", "us"),
            // openings of known tickets (a producer's retry, a mistaken kind) change nothing:
            // complaint_rate counts complaint tickets, not ticket_opened events
            opened(at(0, 55), "k1", "complaint", "web", "eu"),
            opened(at(0, 56), "k2", "complaint", "app", "eu"),
            step(EventType.TICKET_FIRST_RESPONSE, at(2, 0), "k2", "eu"),
            resolved(at(3, 0), "k2", "eu", 5),
            step(EventType.TICKET_FIRST_RESPONSE, at(10, 0), "k1", "eu"),
            step(EventType.TICKET_REOPENED, at(20, 0), "k2", "eu"),
            resolved(at(25, 0), "k2", "eu", 4),
            resolved(at(40, 0), "k1", "eu", 2));
    result =
        FiniteRun.run(
            events,
            Duration.ofSeconds(5),
            new Pipelines.Settings(HOUR),
            FiniteRun.EventTime.EVERY_EVENT);
  }

  private static Map<String, String> tags(String channel, String kind, String region) {
    return Map.of("channel", channel, "kind", kind, "region", region);
  }

  private static Map<String, String> quantile(Map<String, String> tags, String quantile) {
    Map<String, String> withQuantile = new HashMap<>(tags);
    withQuantile.put("quantile", quantile);
    return withQuantile;
  }

  private static final Map<String, String> ALL = tags("all", "all", "all");

  @Test
  void shouldCountTicketsOpenedPerSeriesAndInTotals() {
    assertThat(last(result.kpis(), "tickets_opened", MINUTE, T0, ALL)).isEqualTo(3);
    assertThat(last(result.kpis(), "tickets_opened", MINUTE, T0, tags("web", "complaint", "all")))
        .isEqualTo(2);
  }

  @Test
  void shouldGiveComplaintsPerHundredOrdersOfTheSameWindow() {
    assertThat(
            last(
                result.kpis(),
                "complaint_rate",
                MINUTE,
                T0,
                Map.of("region", "eu", "channel", "web")))
        .isEqualTo(25);
    assertThat(
            last(
                result.kpis(),
                "complaint_rate",
                MINUTE,
                T0,
                Map.of("region", "us", "channel", "web")))
        .isEqualTo(100);
    assertThat(
            last(
                result.kpis(),
                "complaint_rate",
                MINUTE,
                T0,
                Map.of("region", "all", "channel", "all")))
        .isEqualTo(40);
  }

  @Test
  void shouldMeasureResponseAndResolutionTimesFromWhenEachRoundOpened() {
    Map<String, String> eu = tags("all", "all", "eu");
    assertThat(last(result.kpis(), "first_response_time", HOUR, T0, quantile(eu, "p50")))
        .isCloseTo(90, Percentage.withPercentage(1));
    assertThat(last(result.kpis(), "first_response_time", HOUR, T0, quantile(eu, "p90")))
        .isCloseTo(600, Percentage.withPercentage(1));
    assertThat(last(result.kpis(), "resolution_time", HOUR, T0, quantile(ALL, "p50")))
        .isCloseTo(300, Percentage.withPercentage(1));
    assertThat(last(result.kpis(), "resolution_time", HOUR, T0, quantile(ALL, "p90")))
        .isCloseTo(2400, Percentage.withPercentage(1));
  }

  @Test
  void shouldScoreSatisfactionAndReopeningsOfTheResolutionsInTheWindow() {
    assertThat(last(result.kpis(), "csat", HOUR, T0, ALL)).isEqualTo(11 / 3.0);
    assertThat(last(result.kpis(), "csat_low_share", HOUR, T0, ALL)).isEqualTo(1 / 3.0);
    assertThat(last(result.kpis(), "reopen_rate", HOUR, T0, ALL)).isEqualTo(1 / 3.0);
    assertThat(last(result.kpis(), "reopen_rate", HOUR, T0, tags("app", "inquiry", "eu")))
        .as("the reopening counts in the series the ticket opened in")
        .isEqualTo(0.5);
  }

  @Test
  void shouldSampleOpenTicketsAtTheEndOfEveryMinute() {
    List<String> expected = new ArrayList<>();
    for (int m = 0; m <= 40; m++) {
      int open = m < 3 ? 3 : m < 20 ? 2 : m < 25 ? 3 : m < 40 ? 2 : 1;
      expected.add(m + "=" + open);
    }

    assertThat(
            all(result.kpis(), "open_tickets", MINUTE, ALL).stream()
                .map(
                    (KpiPoint p) ->
                        Duration.between(T0, p.windowStart()).toMinutes() + "=" + (int) p.value())
                .toList())
        .containsExactlyElementsOf(expected);
    assertThat(result.deadLetters()).isEmpty();
  }
}
