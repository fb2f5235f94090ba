package com.opsmon.api;

import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.store.KpiQuery;
import com.opsmon.store.KpiReader;
import com.opsmon.store.query.AdHocQuery;
import com.opsmon.store.query.QueryResult;
import java.util.List;

/** A store that holds no points, for tests of what the API does around the store. */
final class EmptyKpiReader implements KpiReader {
  @Override
  public List<KpiPoint> read(KpiQuery query) {
    return List.of();
  }

  @Override
  public QueryResult query(AdHocQuery query) {
    return new QueryResult(List.of(), false);
  }

  @Override
  public void ping() {}

  @Override
  public void close() {}
}
