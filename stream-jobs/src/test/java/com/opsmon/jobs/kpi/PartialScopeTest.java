package com.opsmon.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartialScopeTest {
  private static KpiPoint point(String kpi, Duration window) {
    return new KpiPoint(kpi, Instant.EPOCH, window, Map.of(), 1);
  }

  @Test
  void shouldShowEachKpiFillingUpAtItsPrimaryWindowOnly() {
    PartialScope scope =
        PartialScope.primaryWindowsOf(List.of(KpiCatalog.ORDERS, KpiCatalog.CONVERSION));

    assertThat(KpiCatalog.ORDERS.windows()).contains(Duration.ofHours(1));
    assertThat(scope.covers(point("orders", KpiCatalog.ORDERS.window()))).isTrue();
    assertThat(scope.covers(point("orders", Duration.ofHours(1)))).isFalse();
    assertThat(scope.covers(point("revenue", KpiCatalog.ORDERS.window())))
        .as("not one of the views' KPIs")
        .isFalse();
  }
}
