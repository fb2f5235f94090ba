package com.opsmon.jobs.orders;

import static com.opsmon.jobs.TestOrders.created;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SumOrdersTest {
  private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
  private final SumOrders sum = new SumOrders();

  @Test
  void shouldSumDecimalsExactlyWhereDoublesWouldDrift() {
    OrderTotals totals = sum.createAccumulator();
    for (int i = 0; i < 10; i++) {
      totals = sum.add(created(T, "eu", "0.10", "EUR"), totals);
    }

    assertThat(totals.orders).isEqualTo(10);
    assertThat(totals.revenueByCurrency).isEqualTo(Map.of("EUR", new BigDecimal("1.00")));
  }

  @Test
  void shouldMergePartialTotalsPerCurrency() {
    OrderTotals a = sum.add(created(T, "eu", "1.50", "EUR"), sum.createAccumulator());
    OrderTotals b =
        sum.add(
            created(T, "eu", "2.00", "GBP"),
            sum.add(created(T, "eu", "0.50", "EUR"), sum.createAccumulator()));

    OrderTotals merged = sum.merge(a, b);

    assertThat(merged.orders).isEqualTo(3);
    assertThat(merged.revenueByCurrency)
        .isEqualTo(Map.of("EUR", new BigDecimal("2.00"), "GBP", new BigDecimal("2.00")));
  }
}
