package com.opsmon.model.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opsmon.model.alerts.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class RulesFileTest {
  private static final String GOOD =
      """
      defaults:
        max_series: 100
      rules:
        - name: payments_failing
          kpi: payment_failure_rate
          where: {region: "*"}
          severity: critical
          labels: {team: payments}
          summary: "Payments failing in {region}: {value}"
          runbook: docs/runbooks/payments_failing.md
          threshold: {above: 0.25, recover: 0.1, for: 2m}
        - name: orders_stopped
          kpi: orders
          where: {region: "*"}
          severity: critical
          no_data: {for: 3m, surprise: 1.0e-4}
        - name: search_slow
          kpi: service_latency_p99
          window: 5m
          where: {service: search}
          severity: warning
          rate_of_change: {compared_to: previous, windows: 12, rise: 1.0, for: 5m}
        - name: conversion_odd
          kpi: conversion
          window: 15m
          severity: warning
          anomaly: {sensitivity: 0.4}
        - name: stock_out
          severity: warning
          signal: stock_out
      """;

  @Test
  void shouldReadEveryKindOfRuleWithItsDefaults() {
    RuleSet set = RulesFile.parse(GOOD, "rules.yaml");

    assertThat(set.rules())
        .extracting(Rule::name)
        .containsExactly(
            "payments_failing", "orders_stopped", "search_slow", "conversion_odd", "stock_out");
    Rule payments = set.find("payments_failing").orElseThrow();
    assertThat(payments.window()).isEqualTo(Duration.ofMinutes(1));
    assertThat(payments.where()).isEqualTo(Map.of("region", "*"));
    assertThat(payments.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(payments.maxSeries()).isEqualTo(100);
    assertThat(payments.flapping()).isEqualTo(Rule.Flapping.DEFAULT);
    assertThat(payments.condition())
        .isEqualTo(new Condition.Threshold(true, 0.25, 0.1, Duration.ofMinutes(2)));
    assertThat(set.find("orders_stopped").orElseThrow().condition())
        .isEqualTo(new Condition.NoData(Duration.ofMinutes(3), 1e-4));
    assertThat(set.find("search_slow").orElseThrow().condition())
        .isEqualTo(
            new Condition.RateOfChange(
                Condition.RateOfChange.Baseline.PREVIOUS, 12, 1.0, null, Duration.ofMinutes(5)));
    assertThat(set.find("search_slow").orElseThrow().window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(set.find("conversion_odd").orElseThrow().condition())
        .isEqualTo(new Condition.Anomaly(0.4, Duration.ZERO));
    assertThat(set.find("stock_out").orElseThrow().condition())
        .isEqualTo(new Condition.FromSignal("stock_out"));
    assertThat(set.version()).hasSize(16);
    assertThat(RulesFile.parse(GOOD, "again.yaml").version()).isEqualTo(set.version());
  }

  @Test
  void shouldNameTheFileLineAndFieldOfEveryProblemAtOnce() {
    String bad =
        """
        rules:
          - name: payments_failing
            kpi: payment_failure_rate
            severity: urgent
            threshold: {above: 0.25, recover: 0.5}
          - name: Orders Stopped
            kpi: order
            severity: critical
            no_data: {for: soon}
          - name: twice
            kpi: orders
            severity: info
            threshold: {above: 1}
            anomaly: {}
          - name: unknown_tag
            kpi: orders
            where: {warehouse: ams-1}
            severity: info
            treshold: {above: 1}
        """;

    assertThatThrownBy(() -> RulesFile.parse(bad, "ops/rules.yaml"))
        .isInstanceOf(RulesFile.InvalidRules.class)
        .satisfies(
            e ->
                assertThat(((RulesFile.InvalidRules) e).problems())
                    .extracting(RulesFile.Problem::toString)
                    .containsExactly(
                        "ops/rules.yaml:4: severity: info, warning or critical, not 'urgent'",
                        "ops/rules.yaml:5: threshold.recover: must be at or below the limit 0.25"
                            + " (it is where the alert resolves)",
                        "ops/rules.yaml:6: name: 'Orders Stopped' is not a rule name"
                            + " ([a-z][a-z0-9_]*)",
                        "ops/rules.yaml:7: kpi: no KPI is called 'order'",
                        "ops/rules.yaml:9: for: not a duration: 'soon' (use e.g. 30s, 5m, 1h)",
                        "ops/rules.yaml:10: rule twice: has [threshold, anomaly]: a rule takes"
                            + " exactly one condition",
                        "ops/rules.yaml:19: treshold: unknown field (expected one of anomaly,"
                            + " flapping, group_by, kpi, labels, max_series, min_volume, name,"
                            + " needs_data, no_data, rate_of_change, runbook, severity, signal,"
                            + " summary, threshold, unless, where, window)"));
  }

  @Test
  void shouldShipADefaultRulesFileThatReadsWithOneRuleForEachKindOfTrouble() {
    RuleSet defaults = DefaultRules.load();

    assertThat(defaults.rules())
        .extracting(Rule::name)
        .containsExactly(
            "region_feed_stopped",
            "payments_failing",
            "service_slow",
            "traffic_surge",
            "conversion_falling",
            "shipments_stopped",
            "stock_collapsed",
            "order_sla_breach");
    assertThat(defaults.find("region_feed_stopped").orElseThrow().condition())
        .isInstanceOf(Condition.NoData.class);
    assertThat(defaults.find("conversion_falling").orElseThrow().window())
        .isEqualTo(Duration.ofMinutes(15));
    // the rules on small counts are guarded: a low baseline is not judged
    assertThat(defaults.find("traffic_surge").orElseThrow().condition())
        .isInstanceOfSatisfying(
            Condition.RateOfChange.class, r -> assertThat(r.minBaseline()).isPositive());
    assertThat(defaults.find("stock_collapsed").orElseThrow().condition())
        .isInstanceOfSatisfying(
            Condition.RateOfChange.class, r -> assertThat(r.minBaseline()).isPositive());
  }

  @Test
  void shouldReadAMinimumVolumeOnlyFromAKpiOfTheSameSeries() {
    String guarded =
        """
        rules:
          - name: conversion_falling
            kpi: conversion
            window: 1h
            where: {region: "*"}
            severity: warning
            min_volume: {kpi: orders, at_least: 50}
            rate_of_change: {windows: 4, fall: 0.3}
        """;

    assertThat(RulesFile.parse(guarded, "r.yaml").find("conversion_falling").orElseThrow())
        .extracting(Rule::minVolume)
        .isEqualTo(new Rule.MinVolume("orders", 50));
    refusing(guarded.replace("kpi: orders", "kpi: shipments"))
        .hasMessageContaining("r.yaml:7: min_volume.kpi: shipments has the tags");
    refusing(guarded.replace("rate_of_change: {windows: 4, fall: 0.3}", "no_data: {for: 1h}"))
        .hasMessageContaining("min_volume: only guards threshold, rate_of_change and anomaly");
  }

  @Test
  void shouldPoolThinWindowsOnlyWhereTheValueIsJudged() {
    String pooled =
        """
        rules:
          - name: service_slow
            kpi: service_latency_p50
            where: {service: "*", region: "*"}
            severity: warning
            min_volume: {kpi: service_requests, at_least: 2, pool: true}
            rate_of_change: {windows: 15, rise: 2.0, for: 3m}
        """;

    assertThat(RulesFile.parse(pooled, "r.yaml").find("service_slow").orElseThrow())
        .extracting(Rule::minVolume)
        .isEqualTo(new Rule.MinVolume("service_requests", 2, true));
    refusing(pooled.replace("pool: true", "pool: often"))
        .hasMessageContaining("min_volume.pool: true or false");
    refusing(
            pooled.replace(
                "rate_of_change: {windows: 15, rise: 2.0, for: 3m}",
                "rate_of_change: {compared_to: day, rise: 2.0}"))
        .hasMessageContaining("min_volume.pool: pools a thin window");
  }

  @Test
  void shouldReadAMinimumBaselineAndRefuseOneThatGuardsNothing() {
    String guarded =
        """
        rules:
          - name: surge
            kpi: sessions
            where: {region: "*"}
            severity: warning
            rate_of_change: {windows: 20, rise: 1.0, for: 3m, min_baseline: 10}
        """;

    assertThat(RulesFile.parse(guarded, "r.yaml").find("surge").orElseThrow().condition())
        .isEqualTo(
            new Condition.RateOfChange(
                Condition.RateOfChange.Baseline.PREVIOUS,
                20,
                1.0,
                null,
                Duration.ofMinutes(3),
                10.0));
    refusing(guarded.replace("min_baseline: 10", "min_baseline: 0"))
        .hasMessageContaining("r.yaml:6: min_baseline: a baseline above 0");
  }

  @Test
  void shouldReadTheTagsARuleGroupsItsSeriesByAndRefuseOnesTheKpiDoesNotHave() {
    String grouped =
        """
        rules:
          - name: stock_collapsed
            kpi: on_hand
            where: {sku: "*", warehouse: "*"}
            severity: warning
            group_by: [sku]
            rate_of_change: {windows: 5, fall: 0.9}
        """;

    Rule rule = RulesFile.parse(grouped, "r.yaml").find("stock_collapsed").orElseThrow();
    assertThat(rule.groupBy()).containsExactly("sku");
    assertThat(rule.groupOf(Map.of("sku", "sku-1", "warehouse", "ams-1")))
        .isEqualTo(rule.groupOf(Map.of("sku", "sku-1", "warehouse", "fra-1")))
        .isNotEqualTo(rule.groupOf(Map.of("sku", "sku-2", "warehouse", "ams-1")));
    assertThat(
            RulesFile.parse(grouped.replace("[sku]", "[]"), "r.yaml")
                .find("stock_collapsed")
                .orElseThrow()
                .groupOf(Map.of("sku", "sku-2")))
        .isEqualTo("");
    refusing(grouped.replace("[sku]", "[region]"))
        .hasMessageContaining("r.yaml:6: group_by: 'region' is not a tag of on_hand");
    refusing(grouped.replace("[sku]", "sku"))
        .hasMessageContaining("group_by: a list of the KPI's tags");
  }

  @Test
  void shouldReadAThresholdJudgedOnCountsOnlyForAShareWithItsVolume() {
    String counted =
        """
        rules:
          - name: payments_failing
            kpi: service_error_rate
            where: {service: payments, region: "*"}
            severity: critical
            min_volume: {kpi: service_requests, at_least: 1}
            threshold: {above: 0.15, recover: 0.01, surprise: 1.0e-5}
        """;

    assertThat(RulesFile.parse(counted, "r.yaml").find("payments_failing").orElseThrow())
        .extracting(Rule::condition)
        .isEqualTo(new Condition.Threshold(true, 0.15, 0.01, Duration.ZERO, 1e-5));
    refusing(counted.replace("    min_volume: {kpi: service_requests, at_least: 1}\n", ""))
        .hasMessageContaining("threshold.surprise: needs a min_volume");
    refusing(counted.replace("recover: 0.01", "recover: 0.15"))
        .hasMessageContaining("threshold.surprise: judges a share");
  }

  private static final String DEPARTURES =
      """
      rules:
        - name: dock_stalled
          kpi: shipments
          where: {warehouse: "*"}
          severity: critical
          min_volume: {kpi: awaiting_shipment, at_least: 1}
          rate_of_change: {windows: 180, fall: 0.8, surprise: 1.0e-5, departures: true}
      """;

  @Test
  void shouldReadACountOfDeparturesFromAQueueOnlyWhenJudgedOnCounts() {
    assertThat(RulesFile.parse(DEPARTURES, "r.yaml").find("dock_stalled").orElseThrow())
        .extracting(Rule::condition)
        .isEqualTo(
            new Condition.RateOfChange(
                Condition.RateOfChange.Baseline.PREVIOUS,
                180,
                null,
                0.8,
                Duration.ZERO,
                null,
                1e-5,
                true,
                null,
                null));
    refusing(DEPARTURES.replace("surprise: 1.0e-5, ", ""))
        .hasMessageContaining("r.yaml:7")
        .hasMessageContaining("departures: needs a surprise");
    refusing(DEPARTURES.replace("departures: true", "departures: 3"))
        .hasMessageContaining("departures: true or false");
  }

  @Test
  void shouldReadHowLongWhatJoinsAQueueDwellsOnlyForDepartures() {
    String dwelling = DEPARTURES.replace("departures: true}", "departures: true, dwell: 30m}");

    assertThat(RulesFile.parse(dwelling, "r.yaml").find("dock_stalled").orElseThrow())
        .extracting(rule -> ((Condition.RateOfChange) rule.condition()).dwell())
        .isEqualTo(Duration.ofMinutes(30));
    refusing(dwelling.replace("departures: true", "departures: false"))
        .hasMessageContaining("r.yaml:7")
        .hasMessageContaining("dwell: how long what joins a queue waits");
    refusing(dwelling.replace("dwell: 30m", "dwell: 0s"))
        .hasMessageContaining("only with departures: true");
    refusing(dwelling.replace("dwell: 30m", "dwell: soon"))
        .hasMessageContaining("not a duration: 'soon'");
    refusing(dwelling.replace("dwell: 30m", "dwell: ~")).hasMessageContaining("not nothing");
  }

  @Test
  void shouldReadHowLongAfterItsVolumeAShareComesOnlyForAShareOnCounts() {
    String lagging =
        """
        rules:
          - name: conversion_falling
            kpi: conversion
            window: 15m
            where: {region: "*"}
            severity: warning
            min_volume: {kpi: sessions, at_least: 25}
            rate_of_change: {windows: 12, fall: 0.3, surprise: 1.0e-4, lag: 7m}
        """;

    assertThat(RulesFile.parse(lagging, "r.yaml").find("conversion_falling").orElseThrow())
        .extracting(rule -> ((Condition.RateOfChange) rule.condition()).lag())
        .isEqualTo(Duration.ofMinutes(7));
    refusing(lagging.replace(", surprise: 1.0e-4", ""))
        .hasMessageContaining("r.yaml:8")
        .hasMessageContaining("lag: how long after the volume its hits come");
    refusing(lagging.replace("lag: 7m", "lag: 2h")).hasMessageContaining("at most 1h");
    refusing(lagging.replace("lag: 7m", "lag: 0s")).hasMessageContaining("e.g. 7m");
    refusing(lagging.replace("lag: 7m", "lag: later"))
        .hasMessageContaining("not a duration: 'later'");
    refusing(lagging.replace("lag: 7m", "lag: ~")).hasMessageContaining("e.g. 7m, not nothing");
    refusing(DEPARTURES.replace("departures: true}", "departures: true, lag: 7m}"))
        .hasMessageContaining("not departures");
  }

  @Test
  void shouldReadAnUnlessOnlyFromAKpiOfTheSameSeries() {
    String excused =
        """
        rules:
          - name: conversion_falling
            kpi: conversion
            window: 1h
            where: {region: "*"}
            severity: warning
            unless: {kpi: payment_failure_rate, above: 0.1}
            rate_of_change: {windows: 3, fall: 0.3}
        """;

    assertThat(RulesFile.parse(excused, "r.yaml").find("conversion_falling").orElseThrow())
        .extracting(Rule::unless)
        .isEqualTo(new Rule.Unless("payment_failure_rate", 0.1));
    refusing(excused.replace("payment_failure_rate", "service_error_rate"))
        .hasMessageContaining("r.yaml:7: unless.kpi: service_error_rate has the tags");
  }

  @Test
  void shouldReadTheDataARuleNeedsOnTheTagsBothKpisHaveAndTheOthersFixed() {
    String guarded =
        """
        rules:
          - name: shipments_stopped
            kpi: shipments
            where: {warehouse: "*", region: "*"}
            severity: critical
            needs_data: {kpi: events_in, where: {source: storefront}}
            threshold: {below: 1}
        """;

    Rule.NeedsData needs =
        RulesFile.parse(guarded, "r.yaml").find("shipments_stopped").orElseThrow().needsData();
    assertThat(needs)
        .isEqualTo(
            new Rule.NeedsData("events_in", Map.of("source", "storefront"), List.of("region")));
    assertThat(needs.shared(Map.of("warehouse", "ams-1", "region", "eu")))
        .isEqualTo(Map.of("region", "eu"));
    assertThat(needs.admits(Map.of("source", "storefront", "region", "eu"))).isTrue();
    assertThat(needs.admits(Map.of("source", "orders", "region", "eu"))).isFalse();
    refusing(guarded.replace("{source: storefront}", "{}"))
        .hasMessageContaining(
            "r.yaml:6: needs_data.where: 'source' is a tag of events_in but not of shipments:"
                + " give its value");
    refusing(guarded.replace("source: storefront", "source: \"*\""))
        .hasMessageContaining("r.yaml:6: needs_data.where.source: a value, not '*'");
    refusing(guarded.replace("source: storefront", "source: storefront, sku: x"))
        .hasMessageContaining("needs_data.where.sku: 'sku' is not a tag of events_in");
    refusing(guarded.replace("events_in", "event_in"))
        .hasMessageContaining("r.yaml:6: needs_data.kpi: no KPI is called 'event_in'");
    refusing(
            """
                    rules:
                      - name: breaches
                        severity: warning
                        signal: order_sla_breach
                        needs_data: {kpi: events_in, where: {source: orders}}
                    """)
        .hasMessageContaining("r.yaml:5: needs_data: guards the windows of a KPI rule");
  }

  @Test
  void shouldRefuseWhatIsNotARulesFile() {
    refusing("rules: [").hasMessageContaining("r.yaml:1: (file): not YAML");
    refusing("").hasMessageContaining("the file is empty");
    refusing("rules:\n  - name: x\n    severity: info\n")
        .hasMessageContaining("r.yaml:2: rule x: needs one condition");
  }

  /** Asserts on the refusal of a rules file {@code r.yaml} holding {@code yaml}. */
  private static AbstractThrowableAssert<?, ? extends Throwable> refusing(String yaml) {
    return assertThatThrownBy(() -> RulesFile.parse(yaml, "r.yaml"));
  }
}
