package com.opsmon.jobs.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.kpi.CapBeforeKeying;
import com.opsmon.jobs.kpi.Minute;
import com.opsmon.jobs.kpi.TagCaps;
import com.opsmon.model.events.EventType;
import com.opsmon.model.events.InventoryEvent;
import com.opsmon.model.kpi.KpiCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A flood of new SKUs through the capping step and {@link TrackStock}, as {@link InventoryJob}
 * wires them: the stock state holds one cell per SKU within the cap and one for all the others.
 */
class StockFloodTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final int SKU_CAP = 10;
  private static final int FLOOD = 1_000;
  private static final TagCaps CAPS = new TagCaps(Map.of(KpiCatalog.SKU, SKU_CAP), 1_000);

  private KeyedOneInputStreamOperatorTestHarness<String, InventoryEvent, InventoryEvent> cap;
  private KeyedOneInputStreamOperatorTestHarness<String, InventoryEvent, Minute<StockMinute>> stock;

  @BeforeEach
  void setUp() throws Exception {
    cap =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new CapBeforeKeying<>(TrackStock::series, TrackStock::withSeries, CAPS, "inventory"),
            TrackStock::series,
            Types.STRING);
    stock =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new TrackStock(Duration.ofMinutes(10), InventorySettings.defaults()),
            TrackStock::series,
            Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    cap.close();
    stock.close();
  }

  @Test
  void shouldKeepOneStockCellPerSkuWithinTheCapAndOneForAllOthers() throws Exception {
    for (int i = 0; i < FLOOD; i++) {
      // the SKUs within the cap are stocked; every SKU of the flood is out
      long onHand = i < SKU_CAP ? 5 : 0;
      InventoryEvent e =
          new InventoryEvent(
              EventType.STOCK_SNAPSHOT,
              "e-" + i,
              T0.plusMillis(i),
              "sku-" + i,
              "ams-1",
              null,
              onHand,
              1L);
      cap.processElement(e, e.occurredAt().toEpochMilli());
    }
    for (InventoryEvent e : cap.extractOutputValues()) {
      stock.processElement(e, e.occurredAt().toEpochMilli());
    }
    stock.processWatermark(T0.plus(Duration.ofMinutes(1)).toEpochMilli() - 1);

    assertThat(cap.numKeyedStateEntries()).isZero();
    Set<String> cells =
        stock.extractOutputValues().stream().map(Minute::series).collect(Collectors.toSet());
    assertThat(cells).hasSize(SKU_CAP + 1).contains("sku=other,warehouse=ams-1");
    // the other cell mixes 990 SKUs' snapshots: its level is no SKU's, and it does not page
    assertThat(stock.getSideOutput(TrackStock.ALERTS)).isNullOrEmpty();
  }
}
