package com.opsmon.jobs.storefront;

import static com.opsmon.jobs.TestEvents.checkout;
import static com.opsmon.jobs.TestEvents.session;
import static com.opsmon.jobs.TestOrders.created;
import static com.opsmon.jobs.TestOrders.shipped;
import static com.opsmon.jobs.TestPoints.byName;
import static com.opsmon.jobs.TestPoints.emitted;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorefrontTotalsTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final Map<String, String> EU_WEB = Map.of("region", "eu", "channel", "web");

  @Test
  void shouldDivideOrdersBySessionsAndByCheckouts() {
    StorefrontTotals totals = new StorefrontTotals();
    for (int i = 0; i < 40; i++) {
      totals.add(ShopperActivity.of(session(T0, "eu", "web")));
    }
    for (int i = 0; i < 4; i++) {
      totals.add(ShopperActivity.of(checkout(T0, "eu", "web")));
    }
    totals.add(ShopperActivity.of(created(T0, "eu", "10.00", "EUR")));
    totals.add(ShopperActivity.of(shipped(T0, "eu")));

    assertThat(byName(emitted(totals, EU_WEB)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "sessions", 40.0,
                "checkout_starts", 4.0,
                "conversion", 0.025,
                "checkout_abandonment", 0.75));
  }

  @Test
  void shouldEmitNoRatioWithoutItsDenominator() {
    StorefrontTotals totals = new StorefrontTotals();
    totals.add(ShopperActivity.of(created(T0, "eu", "10.00", "EUR")));

    assertThat(byName(emitted(totals, EU_WEB)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("sessions", 0.0, "checkout_starts", 0.0));
  }

  @Test
  void shouldLetAbandonmentGoBelowZeroWhenMoreOrdersThanCheckoutsFallInTheWindow() {
    StorefrontTotals totals = new StorefrontTotals();
    totals.add(ShopperActivity.of(session(T0, "eu", "web")));
    totals.add(ShopperActivity.of(checkout(T0, "eu", "web")));
    totals.add(ShopperActivity.of(created(T0, "eu", "10.00", "EUR")));
    totals.add(ShopperActivity.of(created(T0, "eu", "12.00", "EUR")));

    assertThat(byName(emitted(totals, EU_WEB)).get("checkout_abandonment")).isEqualTo(-1.0);
  }
}
