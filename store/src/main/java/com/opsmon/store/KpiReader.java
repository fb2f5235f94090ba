package com.opsmon.store;

import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.store.query.AdHocQuery;
import com.opsmon.store.query.QueryResult;
import java.util.List;

/** Reads KPI points back from the store, in window order, whatever the backend. */
public interface KpiReader extends AutoCloseable {
  /** The matching points ordered by window start, then series. */
  List<KpiPoint> read(KpiQuery query);

  /**
   * Runs a checked ad-hoc query: the same rows from every backend. Throws {@link
   * com.opsmon.store.query.QueryTimeoutException} when the store takes longer than the query's
   * timeout, {@link StoreException} when it fails.
   */
  QueryResult query(AdHocQuery query);

  /** Throws if the store does not answer. */
  void ping();

  @Override
  void close();
}
