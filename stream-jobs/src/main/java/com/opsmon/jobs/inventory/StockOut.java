package com.opsmon.jobs.inventory;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.Severity;
import com.opsmon.model.kpi.KpiCatalog;
import java.time.Instant;
import java.util.Map;

/**
 * The signals of rule {@code stock_out}, one alert per SKU and warehouse: FIRING when on-hand
 * reaches 0, RESOLVED when stock is back.
 */
final class StockOut {
  static final String RULE = "stock_out";
  static final String RUNBOOK = "docs/runbooks/stock_out.md";

  private StockOut() {}

  static AlertSignal firing(StockCell cell, long at, long level) {
    return signal(
        cell,
        AlertStatus.FIRING,
        cell.sku
            + " is out of stock in "
            + cell.warehouse
            + " since "
            + Instant.ofEpochMilli(at)
            + " ("
            + level
            + " on hand)",
        level,
        at,
        null);
  }

  static AlertSignal resolved(StockCell cell, long since, long at, long level) {
    return signal(
        cell,
        AlertStatus.RESOLVED,
        cell.sku
            + " is back in stock in "
            + cell.warehouse
            + " at "
            + Instant.ofEpochMilli(at)
            + " ("
            + level
            + " on hand)",
        level,
        since,
        at);
  }

  /** No stock event came for the retention: the cell is no longer followed. */
  static AlertSignal forgotten(StockCell cell, long since, long at, java.time.Duration retention) {
    return signal(
        cell,
        AlertStatus.RESOLVED,
        cell.sku
            + " in "
            + cell.warehouse
            + " is no longer followed: no stock event for "
            + retention
            + " (still out of stock as far as the monitor knows)",
        cell.level,
        since,
        at);
  }

  private static AlertSignal signal(
      StockCell cell, AlertStatus status, String summary, long level, long since, Long until) {
    return new AlertSignal(
        RULE,
        Map.of(KpiCatalog.SKU, cell.sku, KpiCatalog.WAREHOUSE, cell.warehouse),
        status,
        Severity.WARNING,
        summary,
        (double) level,
        "> 0 units on hand",
        Instant.ofEpochMilli(since),
        until == null ? null : Instant.ofEpochMilli(until),
        RUNBOOK);
  }
}
