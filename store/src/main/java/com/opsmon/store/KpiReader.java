package com.opsmon.store;

import com.opsmon.model.kpi.KpiPoint;
import java.util.List;

/** Reads KPI points back from the store, in window order, whatever the backend. */
public interface KpiReader extends AutoCloseable {
  /** The matching points ordered by window start, then series. */
  List<KpiPoint> read(KpiQuery query);

  /** Throws if the store does not answer. */
  void ping();

  @Override
  void close();
}
