package com.opsmon.jobs.oracle;

import com.opsmon.model.events.Event;
import com.opsmon.model.events.EventType;
import com.opsmon.model.events.InventoryEvent;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.events.ServiceCallEvent;
import com.opsmon.model.events.StorefrontEvent;
import com.opsmon.model.events.TicketEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Valid events (as ingest would pass them) that the simulator does not make but the definitions
 * speak of, spread over the same simulated period so the oracle checks those rules too:
 *
 * <ul>
 *   <li>{@code service_sample}s with both quantiles, one, none, a p99 below the p50, counts of 0,
 *       1, 2, 99, 100, 101 and hundreds, alone in a service and merged with the simulator's calls;
 *   <li>calls answered 408 (a server-side failure) and other 4xx (not), latencies below 5 ms, calls
 *       and samples without an endpoint or a region;
 *   <li>ticket lives the simulator never makes: return requests reopened and resolved again, a
 *       ticket opened twice, one never seen open (resolved, then reopened), one reopened while
 *       open, one resolved twice, one opened and resolved within a minute, tickets without channel
 *       or region, steps naming another region than the opening;
 *   <li>storefront sessions and checkouts without a channel;
 *   <li>deliveries and returns (the simulator delivers a day or more after the order): orders
 *       created before the period, delivered in it, some returned, one without a channel;
 *   <li>whole order lives begun in the period: created, shipped, delivered, some cancelled after
 *       shipping or shipped twice, some from no warehouse;
 *   <li>stock of SKUs the simulator does not have: sales and receipts before the first snapshot, a
 *       first snapshot at 0, a sale and a snapshot at the same instant, adjustments below 0, of 0
 *       and back, a SKU without a reorder point and one that tells it only in snapshots;
 *   <li>a ticket three hours after the period: tickets' event time jumps ahead.
 * </ul>
 *
 * The period must be over by three hours at least: ingest refuses events from the future.
 */
final class RareEvents {
  private static final long SECOND = 1000;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final String[] REGIONS = {"eu", "us", "jp", "apac"};

  private final Random random;
  private final long day;
  private final long period;
  private final List<Event> events = new ArrayList<>();
  private long ids;

  private RareEvents(Instant day, Duration period, long seed) {
    this.day = day.toEpochMilli();
    this.period = period.toMillis();
    this.random = new Random(seed);
  }

  /**
   * The rare events of the {@code period} starting at {@code day} (at least two hours long), in no
   * particular order.
   */
  static List<Event> of(Instant day, Duration period, long seed) {
    if (period.compareTo(Duration.ofHours(2)) < 0) {
      throw new IllegalArgumentException("the ticket stories need two hours: " + period);
    }
    RareEvents rare = new RareEvents(day, period, seed);
    rare.samplesAndOddCalls();
    rare.tickets();
    rare.storefront();
    rare.deliveries();
    rare.orderLives();
    rare.stock();
    return rare.events;
  }

  private String id() {
    return "rare-" + ++ids;
  }

  private Instant at(long ms) {
    return Instant.ofEpochMilli(day + ms);
  }

  private void samplesAndOddCalls() {
    long[] edgeCounts = {0, 1, 2, 3, 99, 100, 101, 1000};
    String[] exportRegions = {"eu", "us", null};
    for (int i = 0; i * 3 * MINUTE < period - MINUTE; i++) {
      long count =
          random.nextInt(5) == 0
              ? edgeCounts[random.nextInt(edgeCounts.length)]
              : 1 + random.nextInt(600);
      sample(
          i * 3 * MINUTE + (i % 4 == 0 ? 0 : random.nextInt((int) (3 * MINUTE))),
          "batch-export",
          i % 10 == 0 ? null : "/export",
          exportRegions[i % exportRegions.length],
          count);
    }
    for (int i = 0; i * 7 * MINUTE < period - MINUTE; i++) {
      sample(
          i * 7 * MINUTE + random.nextInt((int) (7 * MINUTE)),
          "payments",
          "/authorize",
          REGIONS[i % REGIONS.length],
          1 + random.nextInt(200));
    }
    int[] statuses = {408, 404, 429, 200, 503, 408};
    double[] latencies = {0.1, 0.5, 2.3, 4.9, 5.0, 25.5, 25.6, 26.0, 0.0};
    for (int i = 0; i * 5 * MINUTE < period - MINUTE; i++) {
      events.add(
          new ServiceCallEvent(
              EventType.SERVICE_CALL,
              id(),
              at(i * 5 * MINUTE + random.nextInt((int) (5 * MINUTE))),
              "search",
              i % 30 == 0 ? null : "/search",
              i % 17 == 0 ? null : REGIONS[i % REGIONS.length],
              statuses[i % statuses.length],
              latencies[i % latencies.length],
              null,
              null,
              null,
              null));
    }
  }

  /** A sample whose latency is told in one of the ways a producer may tell it. */
  private void sample(long offset, String service, String endpoint, String region, long count) {
    double p50 = tenths(1 + random.nextDouble() * 400);
    double p99 = tenths(p50 * (1.2 + random.nextDouble() * 14));
    Double p50Told;
    Double p99Told;
    switch (random.nextInt(20)) {
      case 0, 1 -> {
        p50Told = p50;
        p99Told = null;
      }
      case 2, 3 -> {
        p50Told = null;
        p99Told = p99;
      }
      case 4, 5 -> {
        p50Told = null;
        p99Told = null;
      }
      case 6 -> {
        p50Told = p99; // a p99 below the p50: read as equal to it
        p99Told = p50;
      }
      case 7 -> {
        p50Told = p50;
        p99Told = p50;
      }
      default -> {
        p50Told = p50;
        p99Told = p99;
      }
    }
    long errors = count == 0 ? 0 : random.nextInt((int) Math.max(1, count / 10) + 1);
    events.add(
        new ServiceCallEvent(
            EventType.SERVICE_SAMPLE,
            id(),
            at(offset),
            service,
            endpoint,
            region,
            null,
            null,
            count,
            Math.min(errors, count),
            p50Told,
            p99Told));
  }

  private static double tenths(double ms) {
    return Math.round(ms * 10) / 10.0;
  }

  private void tickets() {
    String[] channels = {"web", "app", "marketplace", null};
    int story = 0;
    // the longest story (7 steps of at most 12 minutes after its start) ends within the period
    for (long start = 2 * MINUTE; start < period - 90 * MINUTE; start += 4 * MINUTE, story++) {
      // every third story starts exactly on a minute's edge
      long t = start + (story % 3 == 0 ? 0 : random.nextInt((int) (3 * MINUTE)));
      String ticket = "rare-ticket-" + story;
      String region = REGIONS[story % REGIONS.length];
      String channel = channels[story % channels.length];
      switch (story % 7) {
        case 0 -> { // a return request reopened twice; a second response measures nothing
          opened(t, ticket, "return_request", channel, region);
          t = step(EventType.TICKET_FIRST_RESPONSE, t, ticket, region, null);
          t = step(EventType.TICKET_RESOLVED, t, ticket, region, score());
          t = step(EventType.TICKET_REOPENED, t, ticket, region, null);
          t = step(EventType.TICKET_FIRST_RESPONSE, t, ticket, region, null);
          t = step(EventType.TICKET_RESOLVED, t, ticket, region, score());
          t = step(EventType.TICKET_REOPENED, t, ticket, region, null);
          step(EventType.TICKET_RESOLVED, t, ticket, region, null);
        }
        case 1 -> { // opened twice, the second time under another channel: it opened once
          opened(t, ticket, "complaint", channel, region);
          t += SECOND + random.nextInt((int) (10 * MINUTE));
          opened(t, ticket, "complaint", "app", region);
          t = step(EventType.TICKET_FIRST_RESPONSE, t, ticket, region, null);
          step(EventType.TICKET_RESOLVED, t, ticket, region, score());
        }
        case 2 -> { // never seen open: resolved, then reopened, answered and resolved
          t = step(EventType.TICKET_RESOLVED, t, ticket, region, score());
          t = step(EventType.TICKET_REOPENED, t, ticket, region, null);
          t = step(EventType.TICKET_FIRST_RESPONSE, t, ticket, region, null);
          step(EventType.TICKET_RESOLVED, t, ticket, region, score());
        }
        case 3 -> { // reopened while open; its steps name another region than its opening
          String elsewhere = REGIONS[(story + 1) % REGIONS.length];
          opened(t, ticket, "inquiry", channel, region);
          t = step(EventType.TICKET_REOPENED, t, ticket, elsewhere, null);
          t = step(EventType.TICKET_FIRST_RESPONSE, t, ticket, elsewhere, null);
          step(EventType.TICKET_RESOLVED, t, ticket, elsewhere, score());
        }
        case 4 -> { // resolved twice without a reopening
          opened(t, ticket, "complaint", channel, region);
          t = step(EventType.TICKET_FIRST_RESPONSE, t, ticket, region, null);
          t = step(EventType.TICKET_RESOLVED, t, ticket, region, score());
          step(EventType.TICKET_RESOLVED, t, ticket, region, score());
        }
        case 5 -> { // opened and resolved within one minute, on a channel of its own
          long minute = t - Math.floorMod(t, MINUTE);
          opened(minute + 5 * SECOND, ticket, "return_request", "phone", region);
          add(EventType.TICKET_RESOLVED, minute + 50 * SECOND, ticket, region, score());
        }
        default -> { // never answered, without a region
          opened(t, ticket, "inquiry", channel, null);
        }
      }
    }
    // after a quiet night: the tickets' event time jumps three hours past the period, so open
    // tickets skip the minutes it leaves more than the allowed lateness behind
    opened(period + 3 * HOUR + 17 * SECOND, "rare-ticket-morning", "inquiry", "web", "eu");
  }

  private int score() {
    return 1 + random.nextInt(5);
  }

  private void opened(long offset, String ticket, String kind, String channel, String region) {
    events.add(
        new TicketEvent(
            EventType.TICKET_OPENED, id(), ticket, at(offset), kind, channel, region, null, null));
  }

  /** The step a random while (a second to 12 minutes) after {@code after}; returns its time. */
  private long step(EventType type, long after, String ticket, String region, Integer score) {
    long t = after + SECOND + random.nextInt((int) (12 * MINUTE));
    add(type, t, ticket, region, score);
    return t;
  }

  private void add(EventType type, long offset, String ticket, String region, Integer score) {
    events.add(new TicketEvent(type, id(), ticket, at(offset), null, null, region, null, score));
  }

  private void storefront() {
    for (long t = 0; t < period; t += 10 * MINUTE) {
      String region = REGIONS[(int) (t / (10 * MINUTE)) % REGIONS.length];
      events.add(
          new StorefrontEvent(
              EventType.SESSION_STARTED,
              id(),
              id(),
              at(t + random.nextInt((int) (10 * MINUTE))),
              region,
              null));
      if (t % (20 * MINUTE) == 0) {
        events.add(
            new StorefrontEvent(
                EventType.CHECKOUT_STARTED,
                id(),
                id(),
                at(t + random.nextInt((int) (10 * MINUTE))),
                region,
                null));
      }
    }
  }

  private void deliveries() {
    String[] channels = {"web", "app", "marketplace", null};
    String[] warehouses = {"ams-1", "nyc-1", "sgp-1", "tyo-1"};
    int n = 0;
    for (long t = 0; t < period - 30 * MINUTE; t += 3 * MINUTE, n++) {
      String order = "rare-order-" + n;
      String region = REGIONS[n % REGIONS.length];
      String channel = channels[(n / REGIONS.length) % channels.length];
      long delivered = t + random.nextInt((int) (3 * MINUTE));
      events.add(
          new OrderEvent(
              EventType.ORDER_DELIVERED,
              id(),
              order,
              at(delivered),
              region,
              channel,
              warehouses[n % warehouses.length],
              null,
              null,
              null));
      if (random.nextInt(6) == 0) {
        events.add(
            new OrderEvent(
                EventType.ORDER_RETURNED,
                id(),
                order,
                at(delivered + SECOND + random.nextInt((int) (25 * MINUTE))),
                region,
                channel,
                warehouses[n % warehouses.length],
                null,
                null,
                null));
      }
    }
  }

  private void orderLives() {
    String[] warehouses = {"ams-1", "nyc-1", "sgp-1", "tyo-1", null};
    String[] currencies = {"EUR", "USD", "JPY", "SGD"};
    int n = 0;
    for (long t = 0; t < period - 60 * MINUTE; t += 5 * MINUTE, n++) {
      String order = "rare-life-" + n;
      String region = REGIONS[n % REGIONS.length];
      String warehouse = warehouses[n % warehouses.length];
      long created = t + random.nextInt((int) (5 * MINUTE));
      events.add(
          new OrderEvent(
              EventType.ORDER_CREATED,
              id(),
              order,
              at(created),
              region,
              "web",
              warehouse,
              new java.math.BigDecimal(10 + random.nextInt(90) + ".50"),
              currencies[n % currencies.length],
              null));
      long shipped = created + SECOND + random.nextInt((int) (60 * MINUTE));
      // the shipment names another warehouse: the order counts where it was created
      events.add(order(EventType.ORDER_SHIPPED, order, shipped, region, "fra-1"));
      if (n % 3 == 0) {
        events.add(order(EventType.ORDER_SHIPPED, order, shipped + 30 * SECOND, region, "ams-1"));
      }
      if (n % 4 == 0) {
        events.add(order(EventType.ORDER_CANCELLED, order, shipped + MINUTE, region, warehouse));
      }
      events.add(
          order(
              EventType.ORDER_DELIVERED,
              order,
              shipped + SECOND + random.nextInt((int) (80 * MINUTE)),
              region,
              warehouse));
    }
  }

  private OrderEvent order(EventType type, String order, long t, String region, String warehouse) {
    return new OrderEvent(type, id(), order, at(t), region, "web", warehouse, null, null, null);
  }

  private void stock() {
    String[][] cells = {{"sku-rare-1", "fra-1"}, {"sku-rare-2", "fra-1"}, {"sku-rare-3", "nyc-1"}};
    Long[] reorderPoints = {8L, null, 5L};
    for (int c = 0; c < cells.length; c++) {
      String sku = cells[c][0];
      String warehouse = cells[c][1];
      Long reorder = reorderPoints[c];
      Long reorderOnDeltas = c == 2 ? null : reorder; // sku-rare-3 tells it in snapshots only
      for (long base = c * 7 * SECOND + random.nextInt(50) * SECOND;
          base < period - 20 * MINUTE;
          base += 20 * MINUTE) {
        stock(EventType.STOCK_SOLD, base, sku, warehouse, -3L, null, reorderOnDeltas);
        stock(EventType.STOCK_RECEIVED, base + MINUTE, sku, warehouse, 5L, null, reorderOnDeltas);
        stock(EventType.STOCK_SNAPSHOT, base + 2 * MINUTE, sku, warehouse, null, 0L, reorder);
        stock(EventType.STOCK_RECEIVED, base + 3 * MINUTE, sku, warehouse, 10L, null, null);
        // at the same instant, the snapshot listed first: the sale comes before it all the same
        stock(EventType.STOCK_SNAPSHOT, base + 4 * MINUTE, sku, warehouse, null, 7L, reorder);
        stock(EventType.STOCK_SOLD, base + 4 * MINUTE, sku, warehouse, -4L, null, null);
        stock(EventType.STOCK_ADJUSTED, base + 5 * MINUTE, sku, warehouse, -20L, null, null);
        stock(
            EventType.STOCK_ADJUSTED,
            base + 6 * MINUTE + 30 * SECOND,
            sku,
            warehouse,
            30L,
            null,
            null);
        stock(EventType.STOCK_SOLD, base + 8 * MINUTE, sku, warehouse, -10L, null, null);
        stock(EventType.STOCK_ADJUSTED, base + 9 * MINUTE, sku, warehouse, 0L, null, null);
        // on a minute's edge
        long edge = base + 10 * MINUTE - Math.floorMod(day + base, MINUTE);
        stock(EventType.STOCK_SOLD, edge, sku, warehouse, -2L, null, null);
        stock(EventType.STOCK_RECEIVED, edge, sku, warehouse, 2L, null, null);
      }
    }
  }

  private void stock(
      EventType type,
      long t,
      String sku,
      String warehouse,
      Long delta,
      Long onHand,
      Long reorderPoint) {
    events.add(new InventoryEvent(type, id(), at(t), sku, warehouse, delta, onHand, reorderPoint));
  }
}
