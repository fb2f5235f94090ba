package com.opsmon.ingest.simulator;

import com.opsmon.model.events.EventType;
import java.time.Duration;

/**
 * Stock per SKU and warehouse, kept consistent with the events it emits: every change of on-hand is
 * a stock event, on-hand never goes negative, stock at or below the reorder point is replenished
 * after a lead time, and every cell is snapshotted at a fixed interval. Stock levels are sized from
 * the expected demand, so a faster simulation holds more stock.
 *
 * <p>A {@code stockout} incident writes the cell's stock off to 0 and holds back every addition
 * (deliveries, released reservations) until it ends; a replenishment is expedited to arrive just
 * after.
 */
final class Inventory {
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final double MEDIAN_LEAD_TIME_DAYS = 20 / 24.0;

  /** Extra days of demand held at the reorder point, beyond the lead time. */
  private static final double SAFETY_DAYS = 0.65;

  /** Days of demand a replenishment tops the stock up to, above the reorder point. */
  private static final double COVER_DAYS = 5;

  private final SimContext ctx;
  private final Duration snapshotEvery;
  private final Cell[][] cells;

  Inventory(SimContext ctx, double ordersPerSecond, Duration snapshotEvery) {
    this.ctx = ctx;
    this.snapshotEvery = snapshotEvery;
    this.cells = new Cell[ctx.catalogue().size()][World.WAREHOUSES.size()];
    double unitsPerDay =
        ordersPerSecond * 86_400 * Behaviour.meanLines() * Behaviour.meanQuantity();
    for (Catalogue.Sku sku : ctx.catalogue().skus()) {
      for (World.Warehouse warehouse : World.WAREHOUSES) {
        double demand =
            unitsPerDay
                * World.regionOf(warehouse).trafficShare()
                * warehouse.share()
                * ctx.catalogue().popularity(sku);
        long reorderPoint = 2 + (long) Math.ceil(demand * (MEDIAN_LEAD_TIME_DAYS + SAFETY_DAYS));
        long orderUpTo = reorderPoint + Math.max(8, (long) Math.ceil(demand * COVER_DAYS));
        // a few cells start low, so replenishments arrive from the first day on
        long onHand =
            ctx.dice().chance(0.1)
                ? Math.round(reorderPoint * ctx.dice().between(0.3, 1.0))
                : Math.round(ctx.dice().between(reorderPoint + 1, orderUpTo));
        cells[sku.index()][warehouse.index()] =
            new Cell(sku, warehouse, reorderPoint, orderUpTo, onHand);
      }
    }
  }

  /** Takes the first snapshot now, orders what is already low, and arms the stock-out incidents. */
  void start() {
    snapshot();
    for (Cell[] row : cells) {
      for (Cell cell : row) {
        reorderIfLow(cell);
      }
    }
    for (IncidentEffects.Window window : ctx.incidents().windows(IncidentKind.STOCKOUT)) {
      if (window.end() > ctx.now()) {
        ctx.timeline().at(Math.max(window.start(), ctx.now()), () -> beginStockout(window));
      }
    }
  }

  long onHand(Catalogue.Sku sku, World.Warehouse warehouse) {
    return cells[sku.index()][warehouse.index()].onHand;
  }

  /** Commits stock to an order line; the caller checked {@link #onHand} first. */
  void sell(Catalogue.Sku sku, World.Warehouse warehouse, int quantity) {
    Cell cell = cells[sku.index()][warehouse.index()];
    if (quantity > cell.onHand) {
      throw new IllegalStateException("selling " + quantity + " of " + cell.onHand + " on hand");
    }
    cell.onHand -= quantity;
    emitDelta(EventType.STOCK_SOLD, cell, -quantity, null);
    reorderIfLow(cell);
  }

  /** Puts a line's stock back (payment failed, order cancelled before picking). */
  void release(Catalogue.Sku sku, World.Warehouse warehouse, int quantity, String reason) {
    Cell cell = cells[sku.index()][warehouse.index()];
    if (deferredByStockout(cell, () -> release(sku, warehouse, quantity, reason))) {
      return;
    }
    cell.onHand += quantity;
    emitDelta(EventType.STOCK_ADJUSTED, cell, quantity, reason);
  }

  private void reorderIfLow(Cell cell) {
    if (!cell.replenishing && cell.onHand <= cell.reorderPoint) {
      cell.replenishing = true;
      long quantity = cell.orderUpTo - cell.onHand;
      long order = cell.purchaseOrder;
      long leadTime =
          ctx.dice().millis(MEDIAN_LEAD_TIME_DAYS * 24 * HOUR, 0.35, 8 * HOUR, 60 * HOUR);
      ctx.timeline().after(leadTime, () -> receive(cell, quantity, order));
    }
  }

  private void receive(Cell cell, long quantity, long purchaseOrder) {
    if (purchaseOrder != cell.purchaseOrder) {
      return; // superseded by an expedited delivery
    }
    if (deferredByStockout(cell, () -> receive(cell, quantity, purchaseOrder))) {
      return;
    }
    cell.purchaseOrder++;
    cell.onHand += quantity;
    cell.replenishing = false;
    emitDelta(EventType.STOCK_RECEIVED, cell, quantity, null);
    reorderIfLow(cell);
  }

  private void beginStockout(IncidentEffects.Window window) {
    for (Cell[] row : cells) {
      for (Cell cell : row) {
        if (!window.covers(null, cell.warehouse.code(), cell.sku.code(), null)) {
          continue;
        }
        if (cell.onHand > 0) {
          long writtenOff = cell.onHand;
          cell.onHand = 0;
          emitDelta(EventType.STOCK_ADJUSTED, cell, -writtenOff, "stockout");
        }
        // whatever was on order is expedited to arrive, in full, just after the incident
        cell.replenishing = true;
        long order = ++cell.purchaseOrder;
        ctx.timeline().at(window.end() + jitter(), () -> receive(cell, cell.orderUpTo, order));
      }
    }
  }

  /** During a stock-out nothing comes in: the addition is re-run just after the incident. */
  private boolean deferredByStockout(Cell cell, Runnable addition) {
    long end = ctx.incidents().stockoutEnd(cell.sku.code(), cell.warehouse.code(), ctx.now());
    if (end < 0) {
      return false;
    }
    ctx.timeline().at(end + jitter(), addition);
    return true;
  }

  private long jitter() {
    return Math.round(ctx.dice().between(0, 10 * MINUTE));
  }

  private void snapshot() {
    long t = ctx.now();
    for (Cell[] row : cells) {
      for (Cell cell : row) {
        long onHand = cell.onHand;
        ctx.events()
            .emit(
                EventType.STOCK_SNAPSHOT,
                t,
                World.regionOf(cell.warehouse),
                e -> {
                  e.put("sku", cell.sku.code());
                  e.put("warehouse", cell.warehouse.code());
                  e.put("onHand", onHand);
                  e.put("reorderPoint", cell.reorderPoint);
                });
      }
    }
    ctx.timeline().after(snapshotEvery.toMillis(), this::snapshot);
  }

  private void emitDelta(EventType type, Cell cell, long delta, String reason) {
    ctx.events()
        .emit(
            type,
            ctx.now(),
            World.regionOf(cell.warehouse),
            e -> {
              e.put("sku", cell.sku.code());
              e.put("warehouse", cell.warehouse.code());
              e.put("quantityDelta", delta);
              e.put("reorderPoint", cell.reorderPoint);
              if (reason != null) {
                e.put("reason", reason);
              }
            });
  }

  private static final class Cell {
    final Catalogue.Sku sku;
    final World.Warehouse warehouse;
    final long reorderPoint;
    final long orderUpTo;
    long onHand;
    boolean replenishing;

    /** The number of the purchase order a delivery must carry to be received. */
    long purchaseOrder;

    Cell(
        Catalogue.Sku sku,
        World.Warehouse warehouse,
        long reorderPoint,
        long orderUpTo,
        long onHand) {
      this.sku = sku;
      this.warehouse = warehouse;
      this.reorderPoint = reorderPoint;
      this.orderUpTo = orderUpTo;
      this.onHand = onHand;
    }
  }
}
