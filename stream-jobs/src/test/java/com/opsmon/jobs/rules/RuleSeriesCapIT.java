package com.opsmon.jobs.rules;

import static com.opsmon.jobs.TestOrders.created;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.FiniteRun;
import com.opsmon.jobs.Pipelines;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.rules.PublishedRules;
import com.opsmon.model.rules.RulesFile;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rule watching every region of a flood of new regions alerts on at most its cap, once. */
class RuleSeriesCapIT {
  /** 10:00 the day before yesterday, placed relative to the clock, never a fixed date. */
  private static final Instant T0 =
      Instant.now()
          .truncatedTo(ChronoUnit.DAYS)
          .minus(Duration.ofDays(2))
          .plus(Duration.ofHours(10));

  @Test
  void shouldAlertOnAtMostMaxSeriesAndSayOnceThatItIsCapped() throws Exception {
    List<OrderEvent> orders = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      orders.add(created(T0.plusMillis(i), "r%03d".formatted(i), "1.00", "EUR"));
    }
    var rules =
        RulesFile.parse(
            """
            rules:
              - name: any_orders
                kpi: orders
                where: {region: "*"}
                severity: info
                max_series: 50
                threshold: {above: 0}
            """,
            "test");

    List<AlertSignal> alerts =
        FiniteRun.run(
                orders,
                List.of(PublishedRules.of(rules, T0.minusSeconds(60), "test")),
                Duration.ofSeconds(5),
                new Pipelines.Settings(Duration.ofHours(1)))
            .alerts();

    assertThat(alerts.stream().filter(a -> a.status() == AlertStatus.FIRING).count()).isEqualTo(51);
    assertThat(alerts).filteredOn(a -> a.labels().containsKey("capped")).hasSize(1);
  }
}
