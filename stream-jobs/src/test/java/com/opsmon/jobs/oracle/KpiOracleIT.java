package com.opsmon.jobs.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.ingest.simulator.IncidentPlan;
import com.opsmon.ingest.simulator.RetailSimulator;
import com.opsmon.ingest.simulator.SimulationSettings;
import com.opsmon.jobs.FiniteRun;
import com.opsmon.jobs.Pipelines;
import com.opsmon.jobs.care.CareKpiJob;
import com.opsmon.jobs.fulfilment.FulfilmentJob;
import com.opsmon.jobs.fulfilment.FulfilmentSettings;
import com.opsmon.jobs.inventory.InventoryJob;
import com.opsmon.jobs.inventory.InventorySettings;
import com.opsmon.jobs.orders.OrderKpiJob;
import com.opsmon.jobs.services.ServiceKpiJob;
import com.opsmon.jobs.storefront.StorefrontKpiJob;
import com.opsmon.model.events.Event;
import com.opsmon.model.events.Events;
import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The oracle test: three simulated hours with one incident of each kind, topped up with the {@link
 * RareEvents} the simulator never makes, fed to the Flink jobs on a MiniCluster shuffled within the
 * out-of-orderness bound, gives exactly the KPI values a plain-Java reference computes from the
 * catalog's definitions (counts, sums and rates exactly; quantiles within the sketch's error) for
 * the orders, services, customer-service, storefront, fulfilment and inventory domains and {@code
 * events_in}: every series, total and window. A failure lists, per KPI and window, the first points
 * that differ with the expected and the actual value. Fed again with some events arriving minutes
 * late (within the allowed lateness), the KPIs that only count their windows' events end, through
 * their corrections, at the same values.
 */
class KpiOracleIT {
  private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);
  private static final Duration ALLOWED_LATENESS = Duration.ofHours(1);

  /**
   * Shipping SLAs short enough to expire within the period: a stalled warehouse and the slower
   * orders breach them.
   */
  private static final FulfilmentSettings FULFILMENT =
      new FulfilmentSettings(
          Duration.ofHours(3),
          Map.of("nyc-1", Duration.ofHours(1)),
          FulfilmentSettings.DEFAULT_ORDER_RETENTION);

  /**
   * The day before yesterday, placed relative to the clock: the rare events reach three hours past
   * the period, and ingest refuses events from the future.
   */
  private static final Instant DAY =
      Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS);

  /**
   * Three hours at the simulator's rate: long enough for every window up to an hour to close many
   * times over and for each incident below, short enough to run in seconds.
   */
  private static final Duration PERIOD = Duration.ofHours(3);

  /**
   * The incidents of the default day, shortened and moved into the three hours (overlapping where
   * they touch different regions or services), so the KPIs react to each: a region falling silent,
   * payments failing, a slow service, a surge, a slowly breaking basket, a stock-out and a stalled
   * warehouse.
   */
  private static final String INCIDENTS =
      """
      incidents:
        - {kind: feed_stop, start: "00:15", duration: 15m, scope: {region: jp}}
        - {kind: stockout, start: "00:20", duration: 2h, scope: {sku: sku-1001, warehouse: ams-1}}
        - {kind: payment_outage, start: "00:40", duration: 30m, severity: 0.9, scope: {region: us}}
        - {kind: latency_regression, start: "01:10", duration: 30m, severity: 0.8,
           scope: {service: search}}
        - {kind: traffic_surge, start: "01:30", duration: 40m, severity: 0.7, scope: {region: apac}}
        - {kind: warehouse_stall, start: "01:40", duration: 1h, scope: {warehouse: nyc-1}}
        - {kind: slow_leak, start: "02:00", duration: 1h, severity: 0.6, scope: {region: eu}}
      """;

  /** The KPIs the oracle must check, from the jobs that emit them. */
  private static final List<KpiDefinition> CHECKED =
      Stream.of(
              OrderKpiJob.KPIS,
              ServiceKpiJob.KPIS,
              CareKpiJob.KPIS,
              StorefrontKpiJob.KPIS,
              List.of(KpiCatalog.EVENTS_IN),
              FulfilmentJob.KPIS,
              InventoryJob.KPIS)
          .flatMap(List::stream)
          .toList();

  /**
   * Only the checked KPIs' points are kept (late_events and watermark_lag measure the run, not the
   * events): a run keeps what it reads, since a long period of every job's points (notably
   * inventory gauges per SKU) would not fit a test's heap.
   */
  private static final Set<String> CHECKED_NAMES =
      CHECKED.stream().map(KpiDefinition::name).collect(Collectors.toSet());

  private static final int EXAMPLES = 3;

  /**
   * The KPIs whose final values do not depend on when their events arrived, only on which: each
   * counts, sums or sketches the events of its windows. A late event corrects them to the same
   * values it would have given on time. (Open tickets, SLA breaches and stock levels follow event
   * time's progress, which late arrivals change, so the reference would differ by design.)
   */
  private static final Set<String> ARRIVAL_ORDER_FREE =
      Stream.of(OrderKpiJob.KPIS, ServiceKpiJob.KPIS, StorefrontKpiJob.KPIS)
          .flatMap(List::stream)
          .map(KpiDefinition::name)
          .collect(Collectors.toSet());

  private static List<Event> events;
  private static ReferenceKpis reference;
  private static SortedMap<PointKey, Double> flink;

  @BeforeAll
  static void runThePeriod() throws Exception {
    long t0 = System.nanoTime();
    long cpu0 = cpuMillis();
    events = new ArrayList<>(simulated());
    events.addAll(RareEvents.of(DAY, PERIOD, 11));
    long t1 = System.nanoTime();
    List<KpiPoint> points =
        runJobs(shuffledWithin(events, OUT_OF_ORDERNESS, new Random(3)), CHECKED_NAMES);
    long t2 = System.nanoTime();
    flink = lastValues(points);
    reference =
        ReferenceKpis.compute(
            events, new ReferenceKpis.Run(OUT_OF_ORDERNESS, ALLOWED_LATENESS, FULFILMENT));
    long t3 = System.nanoTime();
    // one line of figures: on a shared machine, CPU time says more than the clock
    System.out.printf(
        "KpiOracleIT: %d events, %d points from the jobs, %d from the reference;"
            + " simulated in %d ms, Flink %d ms, reference %d ms; %d ms of CPU%n",
        events.size(),
        points.size(),
        reference.values().size(),
        (t1 - t0) / 1_000_000,
        (t2 - t1) / 1_000_000,
        (t3 - t2) / 1_000_000,
        cpuMillis() - cpu0);
  }

  /** The jobs' points for the events in arrival order, only those of the {@code kept} KPIs. */
  private static List<KpiPoint> runJobs(List<Event> arrivals, Set<String> kept) throws Exception {
    return FiniteRun.run(
            arrivals,
            List.of(),
            OUT_OF_ORDERNESS,
            new Pipelines.Settings(ALLOWED_LATENESS, FULFILMENT, InventorySettings.defaults()),
            FiniteRun.KeptKpis.only(kept),
            // event time follows the input exactly: which minutes of open tickets a jump of
            // event time skips depends on it, not on how fast the MiniCluster reads
            FiniteRun.EventTime.EVERY_EVENT)
        .kpis();
  }

  /** Each point's last value: a corrected point replaces the earlier one, as in the store. */
  private static SortedMap<PointKey, Double> lastValues(List<KpiPoint> points) {
    SortedMap<PointKey, Double> values = new TreeMap<>();
    points.forEach(p -> values.put(PointKey.of(p), p.value()));
    return values;
  }

  /** The CPU time this JVM has used, all threads, or 0 where the JVM does not tell. */
  private static long cpuMillis() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() / 1_000_000
        : 0;
  }

  static List<Event> simulated() {
    List<Event> events = new ArrayList<>();
    new RetailSimulator(new SimulationSettings(17, DAY, 2, IncidentPlan.parse(INCIDENTS, DAY)))
        .advanceTo(DAY.plus(PERIOD), e -> events.add(Events.parse(Json.writeBytes(e.json()))));
    return events;
  }

  /**
   * Each event delayed by a random part of the bound, then ordered by that arrival: no event
   * arrives after one more than the bound younger, so none is late.
   */
  static List<Event> shuffledWithin(List<Event> events, Duration bound, Random random) {
    return arriving(events, i -> random.nextLong(bound.toMillis()));
  }

  @Test
  void shouldComputeEveryKpiOfTheSimulatedHoursAsTheReferenceDoes() {
    Map<String, Differences> differences = new TreeMap<>();
    reference
        .values()
        .forEach(
            (key, expected) -> {
              Double actual = flink.get(key);
              if (actual == null) {
                differences(differences, key).missing.add(key + ": expected " + expected);
              } else if (!reference.agrees(key, expected, actual)) {
                differences(differences, key)
                    .wrong
                    .add(key + ": expected " + expected + ", got " + actual);
              }
            });
    flink.forEach(
        (key, actual) -> {
          if (reference.kpis().containsKey(key.kpi()) && !reference.values().containsKey(key)) {
            differences(differences, key).extra.add(key + ": got " + actual);
          }
        });

    assertThat(differences)
        .as(
            () ->
                "KPI points that differ from the reference (per KPI and window; "
                    + reference.values().size()
                    + " points checked):\n"
                    + differences.entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining("\n")))
        .isEmpty();
  }

  @Test
  void shouldCheckEveryKpiOfTheDomainsAndFindPointsOfEachOtherThanZero() {
    assertThat(reference.kpis().keySet())
        .as("KPIs the jobs emit that the oracle computes")
        .containsAll(CHECKED.stream().map(KpiDefinition::name).toList());

    Set<String> computed = new LinkedHashSet<>();
    reference.values().keySet().forEach(k -> computed.add(k.kpi()));
    Set<String> emitted = new LinkedHashSet<>();
    flink.keySet().forEach(k -> emitted.add(k.kpi()));
    for (String kpi : reference.kpis().keySet()) {
      assertThat(computed).as("the reference computes points of " + kpi).contains(kpi);
      assertThat(emitted).as("the jobs emit points of " + kpi).contains(kpi);
    }

    // and the period makes each of them move: breaches, stock-outs, low stock, failures...
    Set<String> moved = new LinkedHashSet<>();
    reference.values().forEach((k, v) -> moved.add(v != 0 ? k.kpi() : ""));
    assertThat(moved).as("KPIs with a point other than 0").containsAll(reference.kpis().keySet());
  }

  /**
   * Every 50th event arrives 2 to 30 minutes after its time: behind the watermark, after its minute
   * has closed, within the allowed lateness. The corrections (one per quarter second and view,
   * whatever the number of late events) must end at exactly the on-time values.
   */
  @Test
  void shouldEndAtTheReferenceValuesWhenEventsArriveLateWithinTheLateness() throws Exception {
    Set<String> kept = new LinkedHashSet<>(ARRIVAL_ORDER_FREE);
    kept.add(KpiCatalog.LATE_EVENTS.name());
    List<KpiPoint> points =
        runJobs(withLateArrivals(events, OUT_OF_ORDERNESS, new Random(5)), kept);
    SortedMap<PointKey, Double> finals = lastValues(points);

    assertThat(
            points.stream()
                .filter(p -> p.kpi().equals(KpiCatalog.LATE_EVENTS.name()))
                .mapToDouble(KpiPoint::value)
                .sum())
        .as("events the jobs saw arrive late")
        .isPositive();
    List<String> differing = new ArrayList<>();
    reference
        .values()
        .forEach(
            (key, expected) -> {
              if (ARRIVAL_ORDER_FREE.contains(key.kpi())) {
                Double actual = finals.get(key);
                if (actual == null || !reference.agrees(key, expected, actual)) {
                  differing.add(key + ": expected " + expected + ", got " + actual);
                }
              }
            });
    assertThat(differing).as("final values that differ from the reference").isEmpty();
  }

  /** As {@link #shuffledWithin}, but every 50th event arrives 2 to 30 minutes late. */
  static List<Event> withLateArrivals(List<Event> events, Duration bound, Random random) {
    long lateFrom = Duration.ofMinutes(2).toMillis();
    long lateSpread = Duration.ofMinutes(28).toMillis();
    return arriving(
        events,
        i ->
            i % 50 == 0
                ? lateFrom + random.nextLong(lateSpread)
                : random.nextLong(bound.toMillis()));
  }

  /** The events in the order they arrive, the {@code i}th {@code delay(i)} ms after its time. */
  private static List<Event> arriving(List<Event> events, IntToLongFunction delay) {
    record Arrival(Event event, long at) {}
    List<Arrival> arrivals = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Event event = events.get(i);
      arrivals.add(new Arrival(event, event.occurredAt().toEpochMilli() + delay.applyAsLong(i)));
    }
    return arrivals.stream()
        .sorted(Comparator.comparingLong(Arrival::at))
        .map(Arrival::event)
        .toList();
  }

  private static Differences differences(Map<String, Differences> all, PointKey key) {
    return all.computeIfAbsent(key.kpi() + " " + key.window(), k -> new Differences());
  }

  /** The points of one KPI and window that differ, kept in key order. */
  private static final class Differences {
    final List<String> wrong = new ArrayList<>();
    final List<String> missing = new ArrayList<>();
    final List<String> extra = new ArrayList<>();

    @Override
    public String toString() {
      return describe("differ", wrong) + describe("missing", missing) + describe("extra", extra);
    }

    private static String describe(String what, List<String> points) {
      if (points.isEmpty()) {
        return "";
      }
      return "\n  "
          + points.size()
          + " "
          + what
          + ", e.g.\n    "
          + String.join("\n    ", points.subList(0, Math.min(EXAMPLES, points.size())));
    }
  }
}
