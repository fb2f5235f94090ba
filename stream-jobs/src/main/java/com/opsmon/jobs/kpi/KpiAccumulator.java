package com.opsmon.jobs.kpi;

import java.io.Serializable;

/**
 * What one series adds up to over a stretch of event time, mergeable without loss: counts, exact
 * sums, sketches. A minute's accumulator is built from events; longer windows and totals over tags
 * are built by merging minutes, so every view agrees with the minutes it covers.
 */
public interface KpiAccumulator<A extends KpiAccumulator<A>> extends Serializable {
  /** Adds everything {@code other} holds to this one; {@code other} is left as it was. */
  void addAll(A other);

  /** The KPI points this accumulator makes for its series and window. */
  void emit(KpiPoints out);
}
