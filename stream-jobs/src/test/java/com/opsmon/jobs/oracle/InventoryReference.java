package com.opsmon.jobs.oracle;

import static com.opsmon.jobs.oracle.Buckets.tag;

import com.opsmon.model.events.Event;
import com.opsmon.model.events.EventType;
import com.opsmon.model.events.InventoryEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The inventory KPIs by their catalog definitions, per SKU and warehouse (a cell) and per warehouse
 * over SKUs ({@code sku=all}), replaying each cell's stock events in event-time order (events at
 * the same instant: sold, received, adjusted, then the snapshot, as the job's Javadoc orders them):
 *
 * <ul>
 *   <li>On-hand is the latest {@code stock_snapshot} plus the deltas since (sold −, received +,
 *       adjusted ±); before a cell's first snapshot it is unknown and counts nowhere.
 *   <li>A cell has a minute from its first event on, every minute, up to the minute the inventory
 *       events' event time was in when the input ended (or its last event's, if later).
 *   <li>{@code on_hand}, {@code low_stock} (on-hand below the reorder point the events carry): at
 *       the end of each minute, for the cells known then; {@code sku=all} sums them.
 *   <li>{@code stock_outs}: each time a known level reaches 0 or below from above (a first snapshot
 *       at 0 included).
 *   <li>{@code sell_through}: units sold ÷ (on-hand at the start of the window's first minute +
 *       units received); {@code inventory_turnover}: units sold ÷ on-hand integrated over the
 *       window (while known) per window length; {@code days_of_cover}: on-hand at the end of the
 *       window's last minute ÷ units sold in the 24 whole hours up to that minute's hour (for a
 *       total, over the cells in that last minute).
 * </ul>
 *
 * The period never reaches the cell retention, no event is late and every reorder point is the
 * cell's own constant (checked), so forgetting, corrections and changing reorder points are not
 * modelled.
 */
final class InventoryReference implements Reference {
  private static final List<String> TAGS = List.of(KpiCatalog.SKU);
  private static final long MINUTE_MS = 60_000;
  private static final long HOUR_MS = 3_600_000;

  /** The order of events at the same instant. */
  private static final List<EventType> SAME_INSTANT =
      List.of(
          EventType.STOCK_SOLD,
          EventType.STOCK_RECEIVED,
          EventType.STOCK_ADJUSTED,
          EventType.STOCK_SNAPSHOT);

  /** One stock event, its value read as the job reads it. */
  private record Change(long at, EventType type, long value) {}

  /** One cell's events and reorder point. */
  private static final class Cell {
    final List<Change> changes = new ArrayList<>();
    long reorderPoint = -1;
  }

  /** What one cell's minute was. */
  private record CellMinute(
      long minute,
      long sold,
      long received,
      long stockOuts,
      double onHandMs,
      boolean knownAtStart,
      long atStart,
      boolean knownAtEnd,
      long atEnd,
      boolean low,
      long sold24h) {}

  private final ReferenceKpis.Run run;
  private final Map<Map<String, String>, Cell> cells = new HashMap<>();
  private long newestInventoryEvent = Long.MIN_VALUE;

  InventoryReference(ReferenceKpis.Run run) {
    this.run = run;
  }

  @Override
  public List<KpiDefinition> kpis() {
    return List.of(
        KpiCatalog.ON_HAND,
        KpiCatalog.STOCK_OUTS,
        KpiCatalog.LOW_STOCK,
        KpiCatalog.DAYS_OF_COVER,
        KpiCatalog.INVENTORY_TURNOVER,
        KpiCatalog.SELL_THROUGH);
  }

  @Override
  public void add(Event event) {
    if (!(event instanceof InventoryEvent e)) {
      return;
    }
    long t = e.occurredAt().toEpochMilli();
    newestInventoryEvent = Math.max(newestInventoryEvent, t);
    Long value =
        switch (e.type()) {
          case STOCK_SNAPSHOT -> e.onHand();
          case STOCK_SOLD, STOCK_RECEIVED ->
              e.quantityDelta() == null ? null : Math.abs(e.quantityDelta());
          case STOCK_ADJUSTED -> e.quantityDelta();
          default -> null;
        };
    if (value == null) {
      return;
    }
    Cell cell =
        cells.computeIfAbsent(
            Map.of(KpiCatalog.SKU, tag(e.sku()), KpiCatalog.WAREHOUSE, tag(e.warehouse())),
            k -> new Cell());
    if (e.reorderPoint() != null) {
      if (cell.reorderPoint >= 0 && cell.reorderPoint != e.reorderPoint()) {
        throw new IllegalStateException("the reference does not model a changing reorder point");
      }
      cell.reorderPoint = e.reorderPoint();
    }
    cell.changes.add(new Change(t, e.type(), value));
  }

  @Override
  public void values(BiConsumer<PointKey, Double> out) {
    long watermark = newestInventoryEvent - run.outOfOrderness().toMillis() - 1;
    long lastMinute = (watermark + 1) - Math.floorMod(watermark + 1, MINUTE_MS);
    // per window and tag set (own and sku=all): the cells' minutes in it
    List<Duration> sizes = kpis().stream().flatMap(k -> k.windows().stream()).distinct().toList();
    Map<PointKey, List<CellMinute>> windows = new HashMap<>();
    cells.forEach(
        (tags, cell) -> {
          List<String> sets = Cube.tagSets(tags, TAGS).stream().map(SeriesKey::encode).toList();
          for (CellMinute m : minutes(cell, lastMinute)) {
            for (String set : sets) {
              for (Duration window : sizes) {
                windows
                    .computeIfAbsent(
                        new PointKey(
                            "",
                            set,
                            window,
                            Cube.windowStart(Instant.ofEpochMilli(m.minute), window)),
                        k -> new ArrayList<>())
                    .add(m);
              }
            }
          }
        });
    windows.forEach((key, minutes) -> emit(key, minutes, out));
  }

  /** Every minute of one cell, replayed. */
  private static List<CellMinute> minutes(Cell cell, long lastMinute) {
    List<Change> changes = new ArrayList<>(cell.changes);
    changes.sort(
        Comparator.comparingLong(Change::at).thenComparingInt(c -> SAME_INSTANT.indexOf(c.type())));
    TreeMap<Long, Long> soldPerHour = new TreeMap<>();
    for (Change c : changes) {
      if (c.type() == EventType.STOCK_SOLD) {
        soldPerHour.merge(c.at() - Math.floorMod(c.at(), HOUR_MS), c.value(), Long::sum);
      }
    }
    long first = changes.get(0).at() - Math.floorMod(changes.get(0).at(), MINUTE_MS);
    long lastEvent = changes.get(changes.size() - 1).at();
    long end = Math.max(lastMinute, lastEvent - Math.floorMod(lastEvent, MINUTE_MS));
    List<CellMinute> minutes = new ArrayList<>();
    boolean known = false;
    long level = 0;
    int i = 0;
    for (long m = first; m <= end; m += MINUTE_MS) {
      boolean knownAtStart = known;
      long atStart = level;
      long sold = 0;
      long received = 0;
      long stockOuts = 0;
      double onHandMs = 0;
      long since = m;
      for (; i < changes.size() && changes.get(i).at() < m + MINUTE_MS; i++) {
        Change c = changes.get(i);
        if (known) {
          onHandMs += (double) level * (c.at() - since);
        }
        since = c.at();
        boolean wasOut = known && level <= 0;
        switch (c.type()) {
          case STOCK_SOLD -> {
            sold += c.value();
            level -= c.value();
          }
          case STOCK_RECEIVED -> {
            received += c.value();
            level += c.value();
          }
          case STOCK_ADJUSTED -> level += c.value();
          default -> {
            level = c.value();
            known = true;
          }
        }
        if (known && level <= 0 && !wasOut) {
          stockOuts++;
        }
      }
      if (known) {
        onHandMs += (double) level * (m + MINUTE_MS - since);
      } else {
        level = 0;
      }
      long hour = m - Math.floorMod(m, HOUR_MS);
      long sold24h =
          soldPerHour.subMap(hour - 23 * HOUR_MS, true, hour, true).values().stream()
              .mapToLong(Long::longValue)
              .sum();
      minutes.add(
          new CellMinute(
              m,
              sold,
              received,
              stockOuts,
              onHandMs,
              knownAtStart,
              atStart,
              known,
              level,
              known && cell.reorderPoint >= 0 && level < cell.reorderPoint,
              sold24h));
    }
    return minutes;
  }

  /** The points of one window and tag set from the cells' minutes in it. */
  private static void emit(
      PointKey key, List<CellMinute> minutes, BiConsumer<PointKey, Double> out) {
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    long sold = 0;
    long received = 0;
    long stockOuts = 0;
    double onHandMs = 0;
    for (CellMinute m : minutes) {
      start = Math.min(start, m.minute());
      end = Math.max(end, m.minute());
      sold += m.sold();
      received += m.received();
      stockOuts += m.stockOuts();
      onHandMs += m.onHandMs();
    }
    long atStart = 0;
    long atEnd = 0;
    long knownAtEnd = 0;
    long low = 0;
    long sold24h = 0;
    for (CellMinute m : minutes) {
      if (m.minute() == start && m.knownAtStart()) {
        atStart += m.atStart();
      }
      if (m.minute() == end && m.knownAtEnd()) {
        atEnd += m.atEnd();
        knownAtEnd++;
        low += m.low() ? 1 : 0;
        sold24h += m.sold24h();
      }
    }
    Duration window = key.window();
    point(out, key, KpiCatalog.STOCK_OUTS, stockOuts);
    if (knownAtEnd > 0) {
      point(out, key, KpiCatalog.ON_HAND, atEnd);
      point(out, key, KpiCatalog.LOW_STOCK, low);
      if (sold24h > 0) {
        point(out, key, KpiCatalog.DAYS_OF_COVER, (double) atEnd / sold24h);
      }
    }
    double averageOnHand = onHandMs / window.toMillis();
    if (averageOnHand > 0) {
      point(out, key, KpiCatalog.INVENTORY_TURNOVER, sold / averageOnHand);
    }
    if (atStart + received > 0) {
      point(out, key, KpiCatalog.SELL_THROUGH, (double) sold / (atStart + received));
    }
  }

  private static void point(
      BiConsumer<PointKey, Double> out, PointKey key, KpiDefinition kpi, double value) {
    if (kpi.windows().contains(key.window())) {
      out.accept(new PointKey(kpi.name(), key.series(), key.window(), key.start()), value);
    }
  }
}
