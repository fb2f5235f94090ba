package com.opsmon.jobs.services;

import static com.opsmon.jobs.TestEvents.call;
import static com.opsmon.jobs.TestEvents.sample;
import static com.opsmon.jobs.TestPoints.all;
import static com.opsmon.jobs.TestPoints.last;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.FiniteRun;
import com.opsmon.jobs.Pipelines;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.events.ServiceCallEvent;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service KPIs over a small hand-made stream on a MiniCluster: calls and a sample merged, views
 * and totals, a late call correcting its minute and a too-late one dead-lettered.
 */
class ServiceKpisIT {
  /** The day before yesterday at 10:00 UTC, placed relative to the clock, never a fixed date. */
  private static final Instant T0 =
      Instant.now()
          .truncatedTo(ChronoUnit.DAYS)
          .minus(Duration.ofDays(2))
          .plus(Duration.ofHours(10));

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration FIVE = Duration.ofMinutes(5);
  private static final Duration LATENESS = Duration.ofMinutes(5);
  private static final Map<String, String> PAYMENTS_EU =
      Map.of("service", "payments", "endpoint", "/payments", "region", "eu");
  private static final Map<String, String> PAYMENTS_US =
      Map.of("service", "payments", "endpoint", "/payments", "region", "us");
  private static final Map<String, String> PAYMENTS_ALL =
      Map.of("service", "payments", "endpoint", "all", "region", "all");
  private static final Map<String, String> ALL =
      Map.of("service", "all", "endpoint", "all", "region", "all");

  private static final ServiceCallEvent TOO_LATE =
      call(T0.plusSeconds(20), "payments", "eu", 200, 1);

  private static FiniteRun.Result result;

  @BeforeAll
  static void run() throws Exception {
    List<ServiceCallEvent> calls =
        List.of(
            call(T0.plusSeconds(1), "payments", "eu", 200, 100),
            call(T0.plusSeconds(2), "payments", "eu", 503, 300),
            call(T0.plusSeconds(3), "payments", "eu", 408, 20),
            sample(T0.plusSeconds(30), "payments", "eu", 96, 2, 120.0, 500.0),
            call(T0.plusSeconds(10), "payments", "us", 200, 200),
            call(T0.plusSeconds(70), "search", "eu", 200, 50),
            // event time passes 10:02:05: minutes 0 and 1 are closed
            call(T0.plusSeconds(130), "search", "eu", 200, 50),
            // late, within the lateness: minute 0 is emitted again with it
            call(T0.plusSeconds(40), "payments", "us", 200, 10),
            // event time passes 10:09:55: minute 0 is beyond correction
            call(T0.plusSeconds(600), "search", "eu", 200, 50),
            TOO_LATE);
    result =
        FiniteRun.run(
            calls,
            Duration.ofSeconds(5),
            new Pipelines.Settings(LATENESS),
            FiniteRun.EventTime.EVERY_EVENT);
  }

  private static double value(String kpi, Duration window, Map<String, String> tags) {
    return last(result.kpis(), kpi, window, T0, tags);
  }

  @Test
  void shouldCountCallsAndSampleRequestsAndServerSideErrorsExactly() {
    assertThat(value("service_requests", MINUTE, PAYMENTS_EU)).isEqualTo(99);
    assertThat(value("service_error_rate", MINUTE, PAYMENTS_EU)).isEqualTo(4 / 99.0);
    assertThat(value("availability", MINUTE, PAYMENTS_EU)).isEqualTo(95 / 99.0);
  }

  @Test
  void shouldMergeTheSampleIntoTheLatencySketch() {
    assertThat(value("service_latency_p50", MINUTE, PAYMENTS_EU))
        .isCloseTo(120, Percentage.withPercentage(1));
    assertThat(value("service_latency_p99", MINUTE, PAYMENTS_EU))
        .isCloseTo(500, Percentage.withPercentage(1));
  }

  @Test
  void shouldTotalOverServiceEndpointAndRegionInEveryView() {
    assertThat(value("service_requests", MINUTE, PAYMENTS_ALL)).isEqualTo(101);
    assertThat(value("service_requests", FIVE, ALL)).isEqualTo(103);
    assertThat(value("service_requests", Duration.ofHours(1), ALL)).isEqualTo(104);
    assertThat(value("service_error_rate", FIVE, ALL)).isEqualTo(4 / 103.0);
  }

  @Test
  void shouldEmitAMinuteAgainWhenALateCallCorrectsIt() {
    List<KpiPoint> usMinute0 =
        all(result.kpis(), "service_requests", MINUTE, PAYMENTS_US).stream()
            .filter(p -> p.windowStart().equals(T0))
            .toList();

    assertThat(usMinute0).extracting(KpiPoint::value).containsExactly(1.0, 2.0);
    assertThat(value("service_latency_p50", MINUTE, PAYMENTS_US)).isEqualTo(10.0);
  }

  @Test
  void shouldDeadLetterTheCallLaterThanTheAllowedLateness() {
    assertThat(result.deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo(DeadLetterReason.TOO_LATE);
              assertThat(d.payload()).contains(TOO_LATE.eventId());
              assertThat(d.detail()).contains("service KPIs");
            });
    assertThat(value("service_requests", Duration.ofHours(1), PAYMENTS_EU)).isEqualTo(99);
  }
}
