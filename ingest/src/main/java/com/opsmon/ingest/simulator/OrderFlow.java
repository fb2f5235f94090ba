package com.opsmon.ingest.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.opsmon.model.events.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An order's life: created with the lines its warehouse has in stock (each sold from stock),
 * authorised or refused by the payments service seconds later, picked and shipped by the warehouse
 * within hours (slower at night, not at all while it is stalled), delivered a day or two later; a
 * few are cancelled before picking or returned after delivery, some raise a ticket.
 */
final class OrderFlow {
  private static final long SECOND = 1000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final double[] LINE_COUNTS = Dice.cumulative(Behaviour.LINE_COUNT_WEIGHTS);
  private static final double[] QUANTITIES = Dice.cumulative(Behaviour.QUANTITY_WEIGHTS);

  /** Backlog after a stall drains over this long, not all in one millisecond. */
  private static final long BACKLOG_SPREAD = 90 * MINUTE;

  /** Customers whose parcel is held up by a stall who ask where it is. */
  private static final double TICKET_WHEN_HELD_UP = 0.1;

  private final SimContext ctx;
  private final Inventory inventory;
  private final TechServices services;
  private final CustomerService care;

  OrderFlow(SimContext ctx, Inventory inventory, TechServices services, CustomerService care) {
    this.ctx = ctx;
    this.inventory = inventory;
    this.services = services;
    this.care = care;
  }

  /** The session's customer places an order now, if anything they want is in stock. */
  void place(World.Region region, World.Channel channel) {
    List<Catalogue.Sku> skus = drawSkus();
    List<Integer> quantities = new ArrayList<>();
    for (int i = 0; i < skus.size(); i++) {
      quantities.add(1 + ctx.dice().pick(QUANTITIES));
    }
    World.Warehouse warehouse = chooseWarehouse(region, skus, quantities);
    List<Line> lines = new ArrayList<>();
    long amount = 0;
    for (int i = 0; i < skus.size(); i++) {
      Catalogue.Sku sku = skus.get(i);
      int quantity = quantities.get(i);
      if (inventory.onHand(sku, warehouse) >= quantity) {
        long unitPrice = ctx.catalogue().unitPrice(sku, region);
        lines.add(new Line(sku, quantity, unitPrice));
        amount += quantity * unitPrice;
      }
    }
    if (lines.isEmpty()) {
      return; // nothing the customer wanted was in stock: they leave without ordering
    }
    Order order =
        new Order(ctx.ids().nextOrder(), region, channel, warehouse, amount, stockLines(lines));
    emit(
        EventType.ORDER_CREATED,
        order,
        e -> {
          withAmount(e, order);
          ArrayNode items = e.putArray("items");
          for (Line line : lines) {
            items
                .addObject()
                .put("sku", line.sku().code())
                .put("quantity", line.quantity())
                .set("unitPrice", Catalogue.money(line.unitPrice(), region));
          }
        });
    for (Line line : lines) {
      inventory.sell(line.sku(), warehouse, line.quantity());
    }
    ctx.timeline().after(ctx.dice().millis(1500, 0.5, 200, 20 * SECOND), () -> authorize(order));
  }

  private void authorize(Order order) {
    TechServices.Outcome outcome = services.authorizePayment(order.region());
    ctx.timeline().after(Math.round(outcome.latencyMs()), () -> settle(order, outcome));
  }

  private void settle(Order order, TechServices.Outcome payment) {
    if (!payment.ok()) {
      String reason = payment.statusCode() == TechServices.DECLINED ? "declined" : "provider_error";
      emit(
          EventType.PAYMENT_FAILED,
          order,
          e -> {
            withAmount(e, order);
            e.put("reason", reason);
          });
      releaseStock(order, "payment_failed");
      if (ctx.dice().chance(Behaviour.TICKET_AFTER_FAILED_PAYMENT)) {
        String kind = ctx.dice().chance(0.5) ? CustomerService.COMPLAINT : CustomerService.INQUIRY;
        ctx.timeline()
            .after(ctx.dice().millis(20 * MINUTE, 0.8, MINUTE, DAY), () -> openTicket(kind, order));
      }
      return;
    }
    emit(EventType.PAYMENT_AUTHORIZED, order, e -> withAmount(e, order));
    if (ctx.dice().chance(Behaviour.TICKET_PER_ORDER)) {
      String kind = ctx.dice().chance(0.65) ? CustomerService.INQUIRY : CustomerService.COMPLAINT;
      ctx.timeline()
          .after(
              ctx.dice().millis(20 * HOUR, 0.8, 10 * MINUTE, 5 * DAY),
              () -> openTicket(kind, order));
    }
    long pickDelay = pickDelay(order.warehouse());
    if (ctx.dice().chance(Behaviour.CANCEL_AFTER_PAYMENT)) {
      long cancelDelay = Math.round(pickDelay * ctx.dice().between(0.1, 0.9));
      ctx.timeline().after(cancelDelay, () -> cancel(order));
    } else {
      ctx.timeline().after(pickDelay, () -> pick(order));
    }
  }

  private void pick(Order order) {
    if (heldUpByStall(order, () -> pick(order))) {
      return;
    }
    emit(EventType.ORDER_PICKED, order, e -> {});
    // from here on nothing puts the lines back in stock: drop them to keep in-flight orders small
    Order picked = order.withoutLines();
    ctx.timeline().after(ctx.dice().millis(HOUR, 0.5, 10 * MINUTE, 12 * HOUR), () -> ship(picked));
  }

  private void ship(Order order) {
    if (heldUpByStall(order, () -> ship(order))) {
      return;
    }
    emit(EventType.ORDER_SHIPPED, order, e -> {});
    ctx.timeline()
        .after(ctx.dice().millis(30 * HOUR, 0.4, 6 * HOUR, 5 * DAY), () -> deliver(order));
  }

  private void deliver(Order order) {
    emit(EventType.ORDER_DELIVERED, order, e -> {});
    if (ctx.dice().chance(Behaviour.RETURN_AFTER_DELIVERY)) {
      long untilTicket = ctx.dice().millis(2 * DAY, 0.5, HOUR, 14 * DAY);
      if (ctx.dice().chance(Behaviour.TICKET_BEFORE_RETURN)) {
        ctx.timeline().after(untilTicket, () -> openTicket(CustomerService.RETURN_REQUEST, order));
      }
      long untilReturn = untilTicket + ctx.dice().millis(3 * DAY, 0.4, HOUR, 14 * DAY);
      ctx.timeline()
          .after(
              untilReturn, () -> emit(EventType.ORDER_RETURNED, order, e -> withAmount(e, order)));
    }
  }

  private void cancel(Order order) {
    emit(EventType.ORDER_CANCELLED, order, e -> withAmount(e, order));
    releaseStock(order, "order_cancelled");
  }

  /**
   * A stalled warehouse picks and ships nothing: the step is retried when the stall ends, the
   * backlog spread over the following hour and a half.
   */
  private boolean heldUpByStall(Order order, Runnable retry) {
    IncidentEffects.Window stall = ctx.incidents().stall(order.warehouse().code(), ctx.now());
    if (stall == null || !ctx.dice().chance(stall.severity())) {
      return false;
    }
    long spread = Math.min(BACKLOG_SPREAD, stall.end() - stall.start());
    ctx.timeline().at(stall.end() + Math.round(ctx.dice().between(0, spread)), retry);
    if (ctx.dice().chance(TICKET_WHEN_HELD_UP)) {
      long delay = ctx.dice().millis(30 * MINUTE, 0.8, MINUTE, stall.end() - ctx.now());
      ctx.timeline().after(delay, () -> openTicket(CustomerService.INQUIRY, order));
    }
    return true;
  }

  /** Picking takes longer at night, when the warehouse runs a thin shift. */
  private long pickDelay(World.Warehouse warehouse) {
    double hour = Seasonality.localHour(ctx.now(), warehouse.utcOffsetHours());
    double nightShift = hour >= 22 || hour < 6 ? 3 : 1;
    return ctx.dice().millis(45 * MINUTE * nightShift, 0.6, 5 * MINUTE, 16 * HOUR);
  }

  private void releaseStock(Order order, String reason) {
    for (long line : order.stockLines()) {
      Catalogue.Sku sku = ctx.catalogue().skus().get((int) (line >>> 32));
      inventory.release(sku, order.warehouse(), (int) line, reason);
    }
  }

  /**
   * What a cancelled or refused order puts back in stock, a SKU's index and a quantity to a long:
   * an order waits up to hours to be picked, and at high rates a million of them are in flight.
   */
  private static long[] stockLines(List<Line> lines) {
    long[] packed = new long[lines.size()];
    for (int i = 0; i < packed.length; i++) {
      packed[i] = ((long) lines.get(i).sku().index() << 32) | lines.get(i).quantity();
    }
    return packed;
  }

  private void openTicket(String kind, Order order) {
    care.open(kind, order.region(), order.channel(), ctx.ids().order(order.number()));
  }

  /** Distinct SKUs by popularity: 1 to 4 of them. */
  private List<Catalogue.Sku> drawSkus() {
    int wanted = 1 + ctx.dice().pick(LINE_COUNTS);
    List<Catalogue.Sku> skus = new ArrayList<>();
    for (int attempt = 0; attempt < 4 * wanted && skus.size() < wanted; attempt++) {
      Catalogue.Sku sku = ctx.catalogue().drawSku(ctx.dice());
      if (!skus.contains(sku)) {
        skus.add(sku);
      }
    }
    return skus;
  }

  /** The region's usual warehouse for this customer, unless another can ship more of the order. */
  private World.Warehouse chooseWarehouse(
      World.Region region, List<Catalogue.Sku> skus, List<Integer> quantities) {
    List<World.Warehouse> candidates = region.warehouses();
    double[] shares = new double[candidates.size()];
    for (int i = 0; i < shares.length; i++) {
      shares[i] = candidates.get(i).share();
    }
    World.Warehouse best = candidates.get(ctx.dice().pick(Dice.cumulative(shares)));
    int bestLines = linesInStock(best, skus, quantities);
    for (World.Warehouse other : candidates) {
      int lines = linesInStock(other, skus, quantities);
      if (lines > bestLines) {
        best = other;
        bestLines = lines;
      }
    }
    return best;
  }

  private int linesInStock(
      World.Warehouse warehouse, List<Catalogue.Sku> skus, List<Integer> quantities) {
    int lines = 0;
    for (int i = 0; i < skus.size(); i++) {
      if (inventory.onHand(skus.get(i), warehouse) >= quantities.get(i)) {
        lines++;
      }
    }
    return lines;
  }

  private void emit(EventType type, Order order, Consumer<ObjectNode> more) {
    ctx.events()
        .emit(
            type,
            ctx.now(),
            order.region(),
            e -> {
              e.put("orderId", ctx.ids().order(order.number()));
              e.put("region", order.region().code());
              e.put("channel", order.channel().code());
              e.put("warehouse", order.warehouse().code());
              more.accept(e);
            });
  }

  private static void withAmount(ObjectNode e, Order order) {
    e.set("amount", Catalogue.money(order.amountMinor(), order.region()));
    e.put("currency", order.region().currency());
  }

  private record Line(Catalogue.Sku sku, int quantity, long unitPrice) {}

  /**
   * An order in flight; its id is rendered from {@code number} when an event needs it, its lines
   * are kept as {@link #stockLines} until it is picked.
   */
  private record Order(
      long number,
      World.Region region,
      World.Channel channel,
      World.Warehouse warehouse,
      long amountMinor,
      long[] stockLines) {
    private static final long[] NO_LINES = {};

    Order withoutLines() {
      return new Order(number, region, channel, warehouse, amountMinor, NO_LINES);
    }
  }
}
