package com.opsmon.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.ingest.simulator.Incident;
import com.opsmon.ingest.simulator.RetailSimulator;
import com.opsmon.ingest.simulator.SimulationSettings;
import com.opsmon.model.events.Event;
import com.opsmon.model.events.Events;
import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiPoint;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The retail simulator's incidents move the KPIs they should: the same two simulated hours with and
 * without a latency regression of search, a payment outage in the us and a slow conversion leak in
 * the eu, all in the second hour, compared on that hour's hourly view.
 */
class SimulatedIncidentsIT {
  private static final Instant START =
      SimulatedDays.aWeekOrMoreAgo(DayOfWeek.MONDAY).plus(Duration.ofHours(12));
  private static final Instant INCIDENTS = START.plus(Duration.ofHours(1));
  private static final Duration HOUR = Duration.ofHours(1);
  private static final double EVENTS_PER_SECOND = 10;
  private static final long SEED = 7;

  private static List<KpiPoint> quiet;
  private static List<KpiPoint> troubled;

  @BeforeAll
  static void simulate() throws Exception {
    List<Incident> incidents =
        List.of(
            new Incident("latency_regression", INCIDENTS, HOUR, Map.of("service", "search"), 1),
            new Incident("payment_outage", INCIDENTS, HOUR, Map.of("region", "us"), 1),
            new Incident("slow_leak", INCIDENTS, HOUR, Map.of("region", "eu"), 0.8));
    quiet = kpis(List.of());
    troubled = kpis(incidents);
  }

  private static List<KpiPoint> kpis(List<Incident> incidents) throws Exception {
    List<Event> events = new ArrayList<>();
    new RetailSimulator(new SimulationSettings(SEED, START, EVENTS_PER_SECOND, incidents))
        .advanceTo(
            START.plus(Duration.ofHours(2)),
            e -> events.add(Events.parse(Json.writeBytes(e.json()))));
    return FiniteRun.run(
            events,
            List.of(),
            Duration.ofSeconds(5),
            new Pipelines.Settings(Duration.ofHours(1)),
            FiniteRun.KeptKpis.only(
                List.of(
                    "service_latency_p99",
                    "service_error_rate",
                    "payment_failure_rate",
                    "availability",
                    "conversion",
                    "checkout_abandonment")),
            FiniteRun.EventTime.PERIODIC)
        .kpis();
  }

  /** The incidents' hour, as the hourly view gives it. */
  private static double hour(List<KpiPoint> points, String kpi, Map<String, String> tags) {
    return TestPoints.last(points, kpi, HOUR, INCIDENTS, tags);
  }

  private static Map<String, String> service(String service, String region) {
    return Map.of("service", service, "endpoint", "all", "region", region);
  }

  private static Map<String, String> region(String region) {
    return Map.of("region", region, "channel", "all");
  }

  @Test
  void shouldRaiseTheP99LatencyOfTheRegressedServiceOnly() {
    String p99 = "service_latency_p99";

    assertThat(hour(troubled, p99, service("search", "all")))
        .isGreaterThan(4 * hour(quiet, p99, service("search", "all")));
    // an hour of checkout calls leaves a dozen values above its p99: a noisy control
    assertThat(hour(troubled, p99, service("checkout", "all")))
        .isBetween(
            0.5 * hour(quiet, p99, service("checkout", "all")),
            2.0 * hour(quiet, p99, service("checkout", "all")));
  }

  @Test
  void shouldRaiseServerErrorsAndPaymentFailuresInTheRegionOfThePaymentOutage() {
    String errors = "service_error_rate";
    String failures = "payment_failure_rate";

    assertThat(hour(quiet, errors, service("payments", "us"))).isLessThan(0.05);
    assertThat(hour(troubled, errors, service("payments", "us"))).isGreaterThan(0.5);
    assertThat(hour(troubled, errors, service("payments", "eu"))).isLessThan(0.05);
    assertThat(hour(quiet, failures, region("us"))).isLessThan(0.1);
    assertThat(hour(troubled, failures, region("us"))).isGreaterThan(0.5);
    assertThat(hour(troubled, "availability", service("payments", "us")))
        .isLessThan(hour(quiet, "availability", service("payments", "us")));
  }

  @Test
  void shouldLowerConversionInTheRegionOfTheSlowLeak() {
    assertThat(hour(troubled, "conversion", region("eu")))
        .isLessThan(0.8 * hour(quiet, "conversion", region("eu")));
    assertThat(hour(troubled, "checkout_abandonment", region("eu")))
        .isGreaterThan(hour(quiet, "checkout_abandonment", region("eu")));
    assertThat(hour(troubled, "conversion", region("apac")))
        .isBetween(
            0.7 * hour(quiet, "conversion", region("apac")),
            1.3 * hour(quiet, "conversion", region("apac")));
  }
}
