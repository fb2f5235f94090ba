package com.opsmon.jobs.oracle;

import static com.opsmon.jobs.oracle.Buckets.tag;

import com.opsmon.jobs.fulfilment.FulfilmentSettings;
import com.opsmon.model.events.Event;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The fulfilment KPIs by their catalog definitions and the order life the fulfilment job's Javadoc
 * documents, replayed order by order in event-time order, per warehouse and region of the order's
 * creation:
 *
 * <ul>
 *   <li>{@code shipments}: the first {@code order_shipped} of each order seen created; {@code
 *       order_cycle_time}: from its creation to its first shipment (stage shipped) and to its first
 *       delivery (stage delivered), p50, p90, p99 with exact nearest ranks.
 *   <li>{@code open_orders}: +1 at the creation, −1 when the order first ships, is cancelled, its
 *       payment fails or it is delivered; the level at the end of every minute from the series'
 *       first change on (see {@link #levels}).
 *   <li>{@code awaiting_shipment}: +1 at the order's first {@code order_picked} (unless it left
 *       before), −1 when it leaves the backlog or when the dispatch horizon after the pick passes,
 *       whichever is first (the horizon only once the orders' event time reached it); levels as for
 *       {@code open_orders}.
 *   <li>{@code sla_breaches}: an order not gone from the backlog by its creation + its warehouse's
 *       SLA counts once at that due time: one that left at or after it, or one still open when the
 *       orders' event time reached it (an input that ends first says nothing was missed).
 * </ul>
 *
 * An order delivered, cancelled or refused payment is done: the job forgets it (as {@code
 * TrackOrders} documents, to keep no state for it), so its later events, such as the delivery of an
 * order cancelled after it shipped, count nowhere. The catalog's definitions do not say whether
 * they should; the simulator never sends them, the rare events do, so a change either way shows
 * here. Events of an order never seen created count nowhere (no creation time, no backlog); the
 * period never reaches the order retention (7 days), so forgetting is not modelled, and no event is
 * late, so neither are corrections and withdrawn breaches.
 */
final class FulfilmentReference implements Reference {
  private static final List<String> TAGS = List.of(KpiCatalog.WAREHOUSE, KpiCatalog.REGION);
  private static final long MINUTE_MS = 60_000;
  private static final String[] QUANTILES = {"p50", "p90", "p99"};
  private static final int[] PERCENTS = {50, 90, 99};

  /** One order as far as its events have told. */
  private static final class Order {
    final Map<String, String> series;
    final long createdAt;
    final long dueAt;
    boolean shipped;
    boolean done;
    long leftAt = Long.MIN_VALUE;
    long pickedAt = Long.MIN_VALUE;

    Order(Map<String, String> series, long createdAt, long dueAt) {
      this.series = series;
      this.createdAt = createdAt;
      this.dueAt = dueAt;
    }

    boolean left() {
      return leftAt != Long.MIN_VALUE;
    }
  }

  /** What one series and window saw. */
  private static final class Fulfilment {
    long shipments;
    long breaches;
    final Distribution shippedSeconds = new Distribution();
    final Distribution deliveredSeconds = new Distribution();
  }

  private final ReferenceKpis.Run run;
  private final Map<String, Order> orders = new HashMap<>();

  /** Orders whose other events came before any creation: their creation must not come later. */
  private final Set<String> unseen = new HashSet<>();

  private final Buckets<Fulfilment> buckets =
      new Buckets<>(TAGS, KpiCatalog.SHIPMENTS.windows(), Fulfilment::new);

  /** Per own series (no totals): the net change of the backlog in each minute that had one. */
  private final Map<Map<String, String>, TreeMap<Long, Long>> backlog = new HashMap<>();

  /** The same for the orders awaiting shipment. */
  private final Map<Map<String, String>, TreeMap<Long, Long>> awaiting = new HashMap<>();

  /** The newest order event of any type: how far the orders' event time got. */
  private long newestOrderEvent = Long.MIN_VALUE;

  FulfilmentReference(ReferenceKpis.Run run) {
    this.run = run;
  }

  @Override
  public List<KpiDefinition> kpis() {
    return List.of(
        KpiCatalog.ORDER_CYCLE_TIME,
        KpiCatalog.SHIPMENTS,
        KpiCatalog.OPEN_ORDERS,
        KpiCatalog.AWAITING_SHIPMENT,
        KpiCatalog.SLA_BREACHES);
  }

  @Override
  public void add(Event event) {
    if (!(event instanceof OrderEvent e)) {
      return;
    }
    long t = e.occurredAt().toEpochMilli();
    newestOrderEvent = Math.max(newestOrderEvent, t);
    Order o = orders.get(e.orderId());
    switch (e.type()) {
      case ORDER_CREATED -> {
        if (o != null) {
          return; // a second creation changes nothing
        }
        if (unseen.contains(e.orderId())) {
          throw new IllegalStateException(
              "the reference does not model an order created after its other events: "
                  + e.orderId());
        }
        String warehouse = tag(e.warehouse());
        Map<String, String> series =
            Map.of(KpiCatalog.WAREHOUSE, warehouse, KpiCatalog.REGION, tag(e.region()));
        o = new Order(series, t, t + fulfilment().sla(warehouse).toMillis());
        orders.put(e.orderId(), o);
        change(backlog, series, t, +1);
      }
      case ORDER_PICKED -> {
        if (o == null) {
          unseen.add(e.orderId());
        } else if (o.pickedAt == Long.MIN_VALUE && !o.left()) {
          o.pickedAt = t;
          change(awaiting, o.series, t, +1);
        }
      }
      case ORDER_SHIPPED -> {
        if (o == null) {
          unseen.add(e.orderId());
        } else if (!o.shipped && !o.done) {
          o.shipped = true;
          double seconds = (t - o.createdAt) / 1000.0;
          buckets.at(
              o.series,
              e.occurredAt(),
              f -> {
                f.shipments++;
                f.shippedSeconds.add(seconds, 1);
              });
          leave(o, t);
        }
      }
      case ORDER_DELIVERED -> {
        if (o == null) {
          unseen.add(e.orderId());
        } else if (!o.done) {
          o.done = true;
          double seconds = (t - o.createdAt) / 1000.0;
          buckets.at(o.series, e.occurredAt(), f -> f.deliveredSeconds.add(seconds, 1));
          leave(o, t);
        }
      }
      case ORDER_CANCELLED, PAYMENT_FAILED -> {
        if (o == null) {
          unseen.add(e.orderId());
        } else if (!o.done) {
          o.done = true;
          leave(o, t);
        }
      }
      default -> {}
    }
  }

  private FulfilmentSettings fulfilment() {
    return run.fulfilment();
  }

  private void leave(Order o, long t) {
    if (!o.left()) {
      o.leftAt = t;
      change(backlog, o.series, t, -1);
      if (o.pickedAt != Long.MIN_VALUE) {
        change(awaiting, o.series, Math.min(t, horizon(o)), -1);
      }
    }
  }

  private static long horizon(Order o) {
    return o.pickedAt + FulfilmentSettings.DISPATCH_HORIZON.toMillis();
  }

  private static void change(
      Map<Map<String, String>, TreeMap<Long, Long>> queue,
      Map<String, String> series,
      long t,
      long delta) {
    queue
        .computeIfAbsent(series, s -> new TreeMap<>())
        .merge(t - Math.floorMod(t, MINUTE_MS), delta, Long::sum);
  }

  /** The orders' event time at the end of the input: the newest order event less the bound. */
  private long finalWatermark() {
    return newestOrderEvent - run.outOfOrderness().toMillis() - 1;
  }

  @Override
  public void values(BiConsumer<PointKey, Double> out) {
    long watermark = finalWatermark();
    for (Order o : orders.values()) {
      if (o.left() ? o.leftAt >= o.dueAt : o.dueAt <= watermark) {
        buckets.at(o.series, Instant.ofEpochMilli(o.dueAt), f -> f.breaches++);
      }
    }
    buckets.forEach(
        (key, f) -> {
          out.accept(
              buckets.point(key, KpiCatalog.SHIPMENTS.name(), Map.of()), (double) f.shipments);
          out.accept(
              buckets.point(key, KpiCatalog.SLA_BREACHES.name(), Map.of()), (double) f.breaches);
          cycleTimes(out, key, "shipped", f.shippedSeconds);
          cycleTimes(out, key, "delivered", f.deliveredSeconds);
        });
    for (Order o : orders.values()) {
      if (o.pickedAt != Long.MIN_VALUE && !o.left() && horizon(o) <= watermark) {
        change(awaiting, o.series, horizon(o), -1);
      }
    }
    levels(out, KpiCatalog.OPEN_ORDERS.name(), backlog, watermark);
    levels(out, KpiCatalog.AWAITING_SHIPMENT.name(), awaiting, watermark);
  }

  private void cycleTimes(
      BiConsumer<PointKey, Double> out, PointKey key, String stage, Distribution seconds) {
    if (seconds.count() == 0) {
      return;
    }
    for (int i = 0; i < QUANTILES.length; i++) {
      out.accept(
          buckets.point(
              key,
              KpiCatalog.ORDER_CYCLE_TIME.name(),
              Map.of(KpiCatalog.STAGE, stage, KpiCatalog.QUANTILE, QUANTILES[i])),
          seconds.quantile(PERCENTS[i]));
    }
  }

  /**
   * A queue's gauge: each series' level at the end of every minute from its first change on,
   * changed or not, up to the minute the orders' event time was in when the input ended (or the
   * series' last change, if later); a total is the sum of the levels of its series in that minute.
   */
  private static void levels(
      BiConsumer<PointKey, Double> out,
      String kpi,
      Map<Map<String, String>, TreeMap<Long, Long>> queue,
      long watermark) {
    long lastMinute = (watermark + 1) - Math.floorMod(watermark + 1, MINUTE_MS);
    Map<PointKey, Long> levels = new TreeMap<>();
    queue.forEach(
        (series, changes) -> {
          List<String> sets = Cube.tagSets(series, TAGS).stream().map(SeriesKey::encode).toList();
          long level = 0;
          long end = Math.max(lastMinute, changes.lastKey());
          for (long m = changes.firstKey(); m <= end; m += MINUTE_MS) {
            level += changes.getOrDefault(m, 0L);
            for (String set : sets) {
              levels.merge(
                  new PointKey(kpi, set, Duration.ofMillis(MINUTE_MS), Instant.ofEpochMilli(m)),
                  level,
                  Long::sum);
            }
          }
        });
    levels.forEach((key, level) -> out.accept(key, (double) level));
  }

  /**
   * Cycle times: the job measures whole seconds (truncated, so up to 1 s less) into a sketch that
   * reads a quantile back within the catalog's 1%.
   */
  @Override
  public double tolerance(String kpi, double expected) {
    if (kpi.equals(KpiCatalog.ORDER_CYCLE_TIME.name())) {
      return SKETCH * Math.abs(expected) + 1 + EXACT;
    }
    return Reference.super.tolerance(kpi, expected);
  }
}
