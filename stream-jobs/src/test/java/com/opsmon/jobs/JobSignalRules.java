package com.opsmon.jobs;

import com.opsmon.model.rules.PublishedRules;
import com.opsmon.model.rules.RulesFile;
import java.time.Instant;
import java.util.List;

/** Rules that pass on the jobs' own alerts (SLA breaches, stock-outs) and nothing else. */
public final class JobSignalRules {
  public static final List<PublishedRules> ONLY =
      List.of(
          PublishedRules.of(
              RulesFile.parse(
                  """
                  rules:
                    - name: order_sla_breach
                      severity: warning
                      signal: order_sla_breach
                    - name: stock_out
                      severity: warning
                      signal: stock_out
                  """,
                  "job signal rules"),
              Instant.EPOCH,
              "test"));

  private JobSignalRules() {}
}
