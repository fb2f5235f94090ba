package com.opsmon.launcher;

import com.opsmon.model.rules.RuleSet;
import com.opsmon.model.rules.RulesFile;
import java.util.Optional;

/** Rules for the end-to-end scenarios: short, so a few minutes of data can fire them. */
final class TestRules {
  /**
   * A region that had orders in one minute and none in the next is firing until they return; no
   * flap suppression, so every silence is its own alert.
   */
  static final Optional<RuleSet> ORDERS_STOPPED =
      Optional.of(
          RulesFile.parse(
              """
              rules:
                - name: orders_stopped
                  kpi: orders
                  where: {region: "*"}
                  severity: critical
                  runbook: docs/runbooks/orders_stopped.md
                  no_data: {for: 1m}
                  flapping: {changes: 10000, within: 1m}
              """,
              "test rules"));

  private TestRules() {}
}
