package com.opsmon.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.ingest.simulator.Recorded.Fact;
import com.opsmon.model.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each incident kind visibly changes the data inside its window and scope. One simulated day
 * carries all seven, one after the other or in different places, so a single run serves all tests.
 */
class IncidentInjectionTest {
  private static final Instant DAY = Instant.parse("2026-11-25T00:00:00Z");
  private static final double RATE = 10;
  private static final long SEED = 42;

  private static final Window FEED_STOP = window(3, 0, 30);
  private static final Window STOCKOUT = window(4, 0, 240);
  private static final Window SURGE = window(6, 0, 120);
  private static final Window LEAK = window(7, 0, 360);
  private static final Window LATENCY = window(10, 0, 60);
  private static final Window OUTAGE = window(14, 0, 60);
  private static final Window STALL = window(18, 0, 120);

  private static Recorded withIncidents;
  private static Recorded withoutIncidents;

  @BeforeAll
  static void simulate() {
    List<Incident> incidents =
        List.of(
            FEED_STOP.incident("feed_stop", Map.of("region", "jp"), 1),
            STOCKOUT.incident("stockout", Map.of("sku", "sku-1001", "warehouse", "ams-1"), 1),
            SURGE.incident("traffic_surge", Map.of("region", "apac"), 1),
            LEAK.incident("slow_leak", Map.of("region", "eu"), 0.8),
            LATENCY.incident("latency_regression", Map.of("service", "search"), 1),
            OUTAGE.incident("payment_outage", Map.of("region", "us"), 1),
            STALL.incident("warehouse_stall", Map.of("warehouse", "nyc-1"), 1));
    withIncidents =
        Recorded.run(new SimulationSettings(SEED, DAY, RATE, incidents), Duration.ofHours(22));
    withoutIncidents =
        Recorded.run(new SimulationSettings(SEED, DAY, RATE, List.of()), Duration.ofHours(9));
  }

  @Test
  void shouldFailMostPaymentsAndLoseOrdersInTheRegionOfAPaymentOutage() {
    Window before = OUTAGE.shifted(-120, 120);

    assertThat(paymentFailureShare(OUTAGE, "us")).isGreaterThan(0.7);
    assertThat(paymentFailureShare(before, "us")).isLessThan(0.06);
    assertThat(paymentFailureShare(OUTAGE, "eu")).isLessThan(0.06);
    assertThat(paymentsServerErrorShare(OUTAGE, "us")).isGreaterThan(0.7);
    assertThat(paymentsServerErrorShare(before, "us")).isLessThan(0.02);
    assertThat(ordersPerCheckout(OUTAGE, "us")).isLessThan(0.7 * ordersPerCheckout(before, "us"));
  }

  @Test
  void shouldPickAndShipNothingInAStalledWarehouseAndCatchUpAfterwards() {
    Predicate<Fact> fulfilment = f -> f.is(EventType.ORDER_PICKED) || f.is(EventType.ORDER_SHIPPED);
    Predicate<Fact> nycPicks = f -> f.is(EventType.ORDER_PICKED) && "nyc-1".equals(f.warehouse());

    assertThat(withIncidents.count(fulfilment.and(at("nyc-1")).and(STALL::contains))).isZero();
    assertThat(withIncidents.count(fulfilment.and(at("lax-1")).and(STALL::contains)))
        .isGreaterThan(50);
    long backlog = withIncidents.count(nycPicks.and(STALL.shifted(120, 90)::contains));
    long usual = withIncidents.count(nycPicks.and(STALL.shifted(-90, 90)::contains));
    assertThat(backlog).isGreaterThan(usual * 16 / 10);
  }

  @Test
  void shouldSellNoneOfAStockedOutSkuThereAndRestockItAfterwards() {
    Predicate<Fact> cell = f -> "sku-1001".equals(f.sku()) && "ams-1".equals(f.warehouse());
    Predicate<Fact> sold = f -> f.is(EventType.STOCK_SOLD);

    assertThat(withIncidents.count(sold.and(cell).and(STOCKOUT::contains))).isZero();
    assertThat(withIncidents.count(sold.and(cell).and(STOCKOUT.shifted(-120, 120)::contains)))
        .isPositive();
    assertThat(
            withIncidents.where(
                cell.and(f -> f.is(EventType.STOCK_SNAPSHOT)).and(STOCKOUT::contains)))
        .hasSize(16)
        .allSatisfy(f -> assertThat(f.quantity()).isZero());
    assertThat(
            withIncidents.count(
                cell.and(f -> f.is(EventType.STOCK_RECEIVED))
                    .and(STOCKOUT.shifted(240, 15)::contains)))
        .isEqualTo(1);
    assertThat(withIncidents.count(sold.and(cell).and(STOCKOUT.shifted(240, 120)::contains)))
        .isPositive();
    assertThat(
            withIncidents.count(
                sold.and(f -> "sku-1001".equals(f.sku()) && "fra-1".equals(f.warehouse()))
                    .and(STOCKOUT::contains)))
        .as("the other warehouse still sells it")
        .isPositive();
  }

  @Test
  void shouldMultiplyTheLatencyOfTheRegressedServiceOnly() {
    Window before = LATENCY.shifted(-120, 120);

    assertThat(p99("search", LATENCY)).isGreaterThan(4 * p99("search", before));
    assertThat(p99("checkout", LATENCY)).isLessThan(1.5 * p99("checkout", before));
  }

  @Test
  void shouldMultiplySessionsAndOrdersInTheRegionOfATrafficSurge() {
    Predicate<Fact> sessions = f -> f.is(EventType.SESSION_STARTED);
    Predicate<Fact> orders = f -> f.is(EventType.ORDER_CREATED);

    assertThat(ratio(sessions.and(in("apac")), SURGE)).isGreaterThan(2.2);
    assertThat(ratio(orders.and(in("apac")), SURGE)).isGreaterThan(1.8);
    assertThat(ratio(sessions.and(in("us")), SURGE)).isBetween(0.7, 1.4);
  }

  @Test
  void shouldEmitNothingFromARegionWhileItsFeedIsStopped() {
    Predicate<Fact> japan = f -> "jp".equals(f.region()) || "tyo-1".equals(f.warehouse());

    assertThat(withIncidents.count(japan.and(FEED_STOP::contains))).isZero();
    assertThat(withIncidents.count(japan.and(FEED_STOP.shifted(-30, 30)::contains)))
        .isGreaterThan(100);
    assertThat(withIncidents.count(japan.and(FEED_STOP.shifted(30, 30)::contains)))
        .isGreaterThan(100);
    assertThat(withIncidents.count(in("us").and(FEED_STOP::contains))).isGreaterThan(100);
  }

  @Test
  void shouldLetConversionDecayOverASlowLeak() {
    Window firstHour = LEAK.shifted(0, 60);
    Window lastTwoHours = LEAK.shifted(240, 120);
    Window afterwards = LEAK.shifted(360, 120);

    double normal = conversion(afterwards, "eu");
    assertThat(conversion(firstHour, "eu")).isGreaterThan(0.75 * normal);
    assertThat(conversion(lastTwoHours, "eu")).isLessThan(0.55 * normal);
    assertThat(conversion(lastTwoHours, "jp")).isGreaterThan(0.75 * conversion(afterwards, "jp"));
  }

  private static double paymentFailureShare(Window window, String region) {
    double failed = count(f -> f.is(EventType.PAYMENT_FAILED), window, region);
    double authorized = count(f -> f.is(EventType.PAYMENT_AUTHORIZED), window, region);
    return failed / (failed + authorized);
  }

  private static double paymentsServerErrorShare(Window window, String region) {
    Predicate<Fact> payments = f -> f.is(EventType.SERVICE_CALL) && "payments".equals(f.service());
    double errors = count(payments.and(f -> f.statusCode() >= 500), window, region);
    return errors / count(payments, window, region);
  }

  private static double ordersPerCheckout(Window window, String region) {
    return count(f -> f.is(EventType.ORDER_CREATED), window, region)
        / (double) count(f -> f.is(EventType.CHECKOUT_STARTED), window, region);
  }

  private static double conversion(Window window, String region) {
    return count(f -> f.is(EventType.ORDER_CREATED), window, region)
        / (double) count(f -> f.is(EventType.SESSION_STARTED), window, region);
  }

  private static long count(Predicate<Fact> filter, Window window, String region) {
    return withIncidents.count(filter.and(in(region)).and(window::contains));
  }

  /** How many more such events the incident run has in the window than the run without. */
  private static double ratio(Predicate<Fact> filter, Window window) {
    return withIncidents.count(filter.and(window::contains))
        / (double) withoutIncidents.count(filter.and(window::contains));
  }

  private static double p99(String service, Window window) {
    double[] latencies =
        withIncidents
            .where(f -> f.is(EventType.SERVICE_CALL) && service.equals(f.service()))
            .stream()
            .filter(window::contains)
            .mapToDouble(Fact::latencyMs)
            .sorted()
            .toArray();
    assertThat(latencies).hasSizeGreaterThan(1000);
    return latencies[(int) Math.ceil(0.99 * latencies.length) - 1];
  }

  private static Predicate<Fact> in(String region) {
    return f -> region.equals(f.region());
  }

  private static Predicate<Fact> at(String warehouse) {
    return f -> warehouse.equals(f.warehouse());
  }

  private static Window window(int hour, int minute, int minutes) {
    Instant start = DAY.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
    return new Window(start, start.plus(Duration.ofMinutes(minutes)));
  }

  /** A span of simulated time; {@code end} exclusive. */
  private record Window(Instant start, Instant end) {
    boolean contains(Fact f) {
      return f.within(start, end);
    }

    /** A window starting {@code offsetMinutes} after this one's start, lasting {@code minutes}. */
    Window shifted(int offsetMinutes, int minutes) {
      Instant from = start.plus(Duration.ofMinutes(offsetMinutes));
      return new Window(from, from.plus(Duration.ofMinutes(minutes)));
    }

    Incident incident(String kind, Map<String, String> scope, double severity) {
      return new Incident(kind, start, Duration.between(start, end), scope, severity);
    }
  }
}
