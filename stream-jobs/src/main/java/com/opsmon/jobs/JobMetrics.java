package com.opsmon.jobs;

/**
 * The metric group the jobs register their own metrics under (too-late events, folded label values,
 * skew...): the standalone process shows exactly these in its {@code /metrics}.
 */
public final class JobMetrics {
  public static final String GROUP = "opsmon";

  private JobMetrics() {}
}
