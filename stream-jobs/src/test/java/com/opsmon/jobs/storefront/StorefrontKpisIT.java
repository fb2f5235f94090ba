package com.opsmon.jobs.storefront;

import static com.opsmon.jobs.TestEvents.checkout;
import static com.opsmon.jobs.TestEvents.session;
import static com.opsmon.jobs.TestOrders.created;
import static com.opsmon.jobs.TestOrders.shipped;
import static com.opsmon.jobs.TestPoints.all;
import static com.opsmon.jobs.TestPoints.last;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.FiniteRun;
import com.opsmon.jobs.Pipelines;
import com.opsmon.model.events.Event;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The storefront KPIs over sessions, checkouts and orders of a few minutes on a MiniCluster. */
class StorefrontKpisIT {
  /** 10:00 the day before yesterday, placed relative to the clock, never a fixed date. */
  private static final Instant T0 =
      Instant.now()
          .truncatedTo(ChronoUnit.DAYS)
          .minus(Duration.ofDays(2))
          .plus(Duration.ofHours(10));

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration FIVE = Duration.ofMinutes(5);

  private static FiniteRun.Result result;

  private static OrderEvent order(Instant at, String region, String channel) {
    OrderEvent web = created(at, region, "10.00", "EUR");
    return new OrderEvent(
        web.type(),
        web.eventId(),
        web.orderId(),
        at,
        region,
        channel,
        web.warehouse(),
        web.amount(),
        web.currency(),
        null);
  }

  @BeforeAll
  static void run() throws Exception {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(session(T0.plusSeconds(i), "eu", "web"));
    }
    for (int i = 0; i < 5; i++) {
      events.add(session(T0.plusSeconds(i), "eu", "app"));
    }
    for (int i = 0; i < 4; i++) {
      events.add(session(T0.plusSeconds(i), "us", "web"));
    }
    events.add(checkout(T0.plusSeconds(20), "eu", "web"));
    events.add(checkout(T0.plusSeconds(21), "eu", "web"));
    events.add(checkout(T0.plusSeconds(22), "eu", "app"));
    events.add(order(T0.plusSeconds(40), "eu", "web"));
    events.add(order(T0.plusSeconds(45), "us", "web"));
    events.add(shipped(T0.plusSeconds(50), "eu"));
    // an order of minute 1, whose sessions were in minute 0
    events.add(order(T0.plusSeconds(70), "eu", "web"));
    result =
        FiniteRun.run(events, Duration.ofSeconds(5), new Pipelines.Settings(Duration.ofHours(1)));
  }

  private static double value(String kpi, Duration window, String region, String channel) {
    return last(result.kpis(), kpi, window, T0, Map.of("region", region, "channel", channel));
  }

  @Test
  void shouldCountSessionsAndCheckoutsPerSeriesAndInTotals() {
    assertThat(value("sessions", MINUTE, "eu", "web")).isEqualTo(10);
    assertThat(value("sessions", MINUTE, "eu", "all")).isEqualTo(15);
    assertThat(value("sessions", MINUTE, "all", "all")).isEqualTo(19);
    assertThat(value("checkout_starts", MINUTE, "eu", "all")).isEqualTo(3);
  }

  @Test
  void shouldDivideCreatedOrdersBySessionsAndCheckoutsOfTheSameWindow() {
    assertThat(value("conversion", MINUTE, "eu", "web")).isEqualTo(0.1);
    assertThat(value("conversion", MINUTE, "eu", "app")).isEqualTo(0.0);
    assertThat(value("conversion", MINUTE, "us", "web")).isEqualTo(0.25);
    assertThat(value("conversion", MINUTE, "all", "all")).isEqualTo(2 / 19.0);
    assertThat(value("checkout_abandonment", MINUTE, "eu", "web")).isEqualTo(0.5);
    assertThat(value("checkout_abandonment", MINUTE, "eu", "app")).isEqualTo(1.0);
    assertThat(value("checkout_abandonment", MINUTE, "all", "all")).isEqualTo(1 - 2 / 3.0);
    assertThat(value("conversion", FIVE, "eu", "web")).isEqualTo(0.2);
  }

  @Test
  void shouldGiveNoRatioForAWindowWithoutItsDenominator() {
    List<KpiPoint> euWebConversion =
        all(result.kpis(), "conversion", MINUTE, Map.of("region", "eu", "channel", "web"));
    assertThat(euWebConversion).extracting(KpiPoint::windowStart).containsOnly(T0);
    assertThat(
            all(
                result.kpis(),
                "checkout_abandonment",
                MINUTE,
                Map.of("region", "us", "channel", "web")))
        .isEmpty();
  }
}
