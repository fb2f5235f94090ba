package com.opsmon.jobs.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.Severity;
import com.opsmon.model.rules.PublishedRules;
import com.opsmon.model.rules.RulesFile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RouteJobSignalsTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final String RULES =
      """
      rules:
        - name: late_order
          severity: critical
          signal: order_sla_breach
      """;

  private static BroadcastOperatorTestHarness<AlertSignal, PublishedRules, AlertSignal> harness()
      throws Exception {
    return new BroadcastOperatorTestHarness<>(
        new CoBroadcastWithNonKeyedOperator<>(new RouteJobSignals(), List.of(EvaluateRules.RULES)),
        1,
        1,
        0);
  }

  private static AlertSignal breach(String order) {
    return new AlertSignal(
        "order_sla_breach",
        Map.of("order", order),
        AlertStatus.FIRING,
        Severity.WARNING,
        "order " + order + " missed its SLA",
        null,
        null,
        T0,
        null,
        null);
  }

  private static PublishedRules rules() {
    return new PublishedRules(RulesFile.parse(RULES, "test").version(), T0, "test", RULES);
  }

  @Test
  void shouldRouteSignalsRaisedBeforeTheFirstRulesOnceTheyArriveEvenAcrossARestart()
      throws Exception {
    OperatorSubtaskState snapshot;
    try (var before = harness()) {
      before.open();
      before.processElement(breach("o-1"), 0);
      assertThat(before.extractOutputValues()).isEmpty();
      snapshot = before.snapshot(1, 1);
    }

    try (var after = harness()) {
      after.initializeState(snapshot);
      after.open();
      after.processElement(breach("o-2"), 0);
      after.processBroadcastElement(rules(), 0);
      after.processElement(breach("o-3"), 0);

      assertThat(after.extractOutputValues())
          .extracting(s -> s.rule() + " " + s.labels().get("order") + " " + s.severity())
          .containsExactly(
              "late_order o-1 CRITICAL", "late_order o-2 CRITICAL", "late_order o-3 CRITICAL");
    }
  }
}
