package com.opsmon.jobs.fulfilment;

import static com.opsmon.jobs.fulfilment.OrderState.DELIVERY_REPORTED;
import static com.opsmon.jobs.fulfilment.OrderState.EXIT_REPORTED;
import static com.opsmon.jobs.fulfilment.OrderState.NONE;
import static com.opsmon.jobs.fulfilment.OrderState.SHIPMENT_REPORTED;

import com.opsmon.jobs.fulfilment.FulfilmentFact.Kind;
import com.opsmon.jobs.fulfilment.OrderState.Exit;
import com.opsmon.jobs.time.EventTime;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.SeriesKey;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Follows each order (keyed by order id) from {@code order_created} to delivery and reports, each
 * at its own event time: shipments and deliveries with their cycle times, and SLA breaches, for the
 * fulfilment windows; the order entering and leaving its warehouse's backlog ({@link #BACKLOG})
 * and, once picked, the queue of orders awaiting shipment ({@link #AWAITING_SHIPMENT}); and rule
 * {@code order_sla_breach} ({@link #ALERTS}).
 *
 * <p>An order leaves the backlog when it ships, is cancelled, its payment fails, or (no shipment
 * seen) it is delivered. It awaits shipment from its first pick until it leaves the backlog, or for
 * {@link FulfilmentSettings#DISPATCH_HORIZON} at most (a pick reported after it left counts
 * nowhere). Its SLA is an event-time timer at creation + its warehouse's SLA: if it has not left
 * the backlog by then, FIRING is signalled the moment event time reaches it, and RESOLVED when it
 * leaves; leaving in time deletes the timer. An order counts where its creation says (warehouse
 * {@code unknown} if it names none) from creation to delivery.
 *
 * <p>Events may come in any order. A shipment seen before its creation waits in state; once the
 * creation arrives, timers at the shipment's own time report it, so it counts in the minute it
 * happened. An event too late for its windows ({@link #TOO_LATE}, dead-lettered) still moves the
 * order on, so its backlog and its SLA stay true, but adds nothing to any window. A shipment that
 * arrives after its SLA fired, yet happened in time, withdraws the breach (-1 at the due time).
 *
 * <p>State is dropped once an order is delivered, cancelled or refused and everything about it is
 * reported. An order untouched for the retention in event time is forgotten (it leaves the
 * backlog); one whose creation was never seen, after the allowed lateness, when a creation could no
 * longer count. The state TTL, in processing time, is a day longer than the retention: a backstop
 * for state that event time never reaches.
 */
public final class TrackOrders extends KeyedProcessFunction<String, OrderEvent, FulfilmentFact> {
  public static final OutputTag<BacklogChange> BACKLOG =
      new OutputTag<>("fulfilment-backlog", TypeInformation.of(BacklogChange.class));
  public static final OutputTag<BacklogChange> AWAITING_SHIPMENT =
      new OutputTag<>("fulfilment-awaiting-shipment", TypeInformation.of(BacklogChange.class));
  public static final OutputTag<AlertSignal> ALERTS =
      new OutputTag<>("fulfilment-alerts", TypeInformation.of(AlertSignal.class));
  public static final OutputTag<OrderEvent> TOO_LATE =
      new OutputTag<>("fulfilment-too-late", TypeInformation.of(OrderEvent.class));

  private final FulfilmentSettings settings;
  private final long allowedLatenessMs;
  private final long retentionMs;

  private transient ValueState<OrderState> state;

  public TrackOrders(FulfilmentSettings settings, Duration allowedLateness) {
    this.settings = settings;
    this.allowedLatenessMs = allowedLateness.toMillis();
    this.retentionMs = settings.orderRetention().toMillis();
  }

  /** The state's time to live: the retention and a day, in processing time. */
  static StateTtlConfig ttl(Duration retention) {
    return StateTtlConfig.newBuilder(retention.plusDays(1))
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .build();
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<OrderState> descriptor =
        new ValueStateDescriptor<>("order", TypeInformation.of(OrderState.class));
    descriptor.enableTimeToLive(ttl(settings.orderRetention()));
    state = getRuntimeContext().getState(descriptor);
  }

  @Override
  public void processElement(OrderEvent event, Context ctx, Collector<FulfilmentFact> out)
      throws Exception {
    switch (event.type()) {
      case ORDER_CREATED,
          ORDER_PICKED,
          ORDER_SHIPPED,
          ORDER_DELIVERED,
          ORDER_CANCELLED,
          PAYMENT_FAILED -> {}
      default -> {
        return; // nothing a fulfilment KPI needs: no state is touched
      }
    }
    long t = event.occurredAt().toEpochMilli();
    boolean countable =
        !EventTime.tooLate(t, allowedLatenessMs, ctx.timerService().currentWatermark());
    if (!countable) {
      ctx.output(TOO_LATE, event);
    }
    OrderState o = state.value();
    if (o == null) {
      o = new OrderState();
    }
    Step step = new Step(ctx.getCurrentKey(), o, ctx, out);
    boolean changed =
        switch (event.type()) {
          case ORDER_CREATED -> step.created(event, t);
          case ORDER_PICKED -> step.picked(event, t);
          case ORDER_SHIPPED -> step.shipped(event, t, countable);
          case ORDER_DELIVERED -> step.delivered(event, t, countable);
          default -> step.withdrawn(event, t);
        };
    if (changed) {
      step.seen(t);
      step.save();
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FulfilmentFact> out)
      throws Exception {
    OrderState o = state.value();
    if (o == null) {
      return;
    }
    boolean endOfInput = EventTime.endOfInput(ctx.timerService().currentWatermark());
    Step step = new Step(ctx.getCurrentKey(), o, ctx, out);
    if (o.known()) {
      // an end that arrived before the order's creation, reported at its own time
      if (timestamp == o.shippedAt && !o.has(SHIPMENT_REPORTED)) {
        step.fact(Kind.SHIPPED, (o.shippedAt - o.createdAt) / 1000);
        o.reported |= SHIPMENT_REPORTED;
      }
      if (timestamp == o.deliveredAt && !o.has(DELIVERY_REPORTED)) {
        step.fact(Kind.DELIVERED, (o.deliveredAt - o.createdAt) / 1000);
        o.reported |= DELIVERY_REPORTED;
      }
      if (timestamp == o.endedAt && !o.has(EXIT_REPORTED)) {
        step.exitReported();
      }
      if (timestamp == o.dueAt) {
        step.due(endOfInput);
      }
      if (o.pickedAt != NONE
          && timestamp == step.horizonAt()
          && o.awaitedShipment()
          && !endOfInput) {
        step.leaveAwaiting(timestamp); // waited the whole horizon: stuck, not queued
      }
    }
    if (timestamp == o.forgetAt) {
      step.forget(endOfInput);
      return;
    }
    step.save();
  }

  private String series(OrderState o) {
    return SeriesKey.of(KpiCatalog.WAREHOUSE, o.warehouse, KpiCatalog.REGION, o.region);
  }

  /** One event or timer applied to one order. */
  private final class Step {
    private final String orderId;
    private final OrderState o;
    private final TimerService timers;
    private final Context ctx;
    private final Collector<FulfilmentFact> out;

    Step(String orderId, OrderState o, Context ctx, Collector<FulfilmentFact> out) {
      this.orderId = orderId;
      this.o = o;
      this.timers = ctx.timerService();
      this.ctx = ctx;
      this.out = out;
    }

    boolean created(OrderEvent event, long t) {
      if (o.known()) {
        return false; // a second creation of the same order changes nothing
      }
      o.createdAt = t;
      o.warehouse = orUnknown(event.warehouse());
      o.region = orUnknown(event.region());
      o.dueAt = t + settings.sla(o.warehouse).toMillis();
      backlog(t, +1);
      if (o.pickedAt != NONE) {
        enterAwaiting();
      }
      if (o.shippedAt != NONE) {
        timers.registerEventTimeTimer(o.shippedAt);
      }
      if (o.deliveredAt != NONE) {
        timers.registerEventTimeTimer(o.deliveredAt);
      }
      if (o.left()) {
        timers.registerEventTimeTimer(o.endedAt);
      }
      if (!o.left() || o.endedAt >= o.dueAt) {
        timers.registerEventTimeTimer(o.dueAt);
      }
      return true;
    }

    boolean picked(OrderEvent event, long t) {
      if (o.pickedAt != NONE) {
        return false;
      }
      o.pickedAt = t;
      place(event);
      if (o.known()) {
        enterAwaiting();
      }
      return true;
    }

    /** The order is known and picked: it awaits shipment from its pick until it leaves. */
    private void enterAwaiting() {
      if (!o.awaitedShipment()) {
        return; // picked after it left
      }
      awaiting(o.pickedAt, +1);
      if (o.has(EXIT_REPORTED)) {
        leaveAwaiting(o.endedAt); // the pick arrived after its exit
      } else {
        timers.registerEventTimeTimer(horizonAt());
      }
    }

    /**
     * It stops awaiting shipment at {@code at}, or at the horizon if that is sooner; an exit
     * reported after the horizon took it out, yet earlier than it, moves its leaving back.
     */
    void leaveAwaiting(long at) {
      long out = Math.min(at, horizonAt());
      if (o.awaitingLeftAt == NONE) {
        awaiting(out, -1);
        o.awaitingLeftAt = out;
        if (out < horizonAt() && !sharedTimer(horizonAt())) {
          timers.deleteEventTimeTimer(horizonAt());
        }
      } else if (out < o.awaitingLeftAt) {
        awaiting(o.awaitingLeftAt, +1);
        awaiting(out, -1);
        o.awaitingLeftAt = out;
      }
    }

    /** Another of the order's timers at {@code t}: deleting it would lose that one too. */
    private boolean sharedTimer(long t) {
      return t == o.dueAt
          || t == o.forgetAt
          || t == o.shippedAt
          || t == o.deliveredAt
          || t == o.endedAt;
    }

    long horizonAt() {
      return o.pickedAt + FulfilmentSettings.DISPATCH_HORIZON.toMillis();
    }

    boolean shipped(OrderEvent event, long t, boolean countable) {
      if (o.shippedAt != NONE) {
        return false;
      }
      o.shippedAt = t;
      place(event);
      if (o.known()) {
        if (countable) {
          fact(Kind.SHIPPED, (t - o.createdAt) / 1000);
        }
        o.reported |= SHIPMENT_REPORTED;
      }
      leave(t, Exit.SHIPPED);
      return true;
    }

    boolean delivered(OrderEvent event, long t, boolean countable) {
      if (o.deliveredAt != NONE) {
        return false;
      }
      o.deliveredAt = t;
      place(event);
      if (o.known()) {
        if (countable) {
          fact(Kind.DELIVERED, (t - o.createdAt) / 1000);
        }
        o.reported |= DELIVERY_REPORTED;
      }
      leave(t, Exit.DELIVERED);
      return true;
    }

    /** Cancelled, or its payment failed: it will not ship. */
    boolean withdrawn(OrderEvent event, long t) {
      if (o.withdrawn) {
        return false;
      }
      o.withdrawn = true;
      place(event);
      leave(
          t,
          switch (event.type()) {
            case PAYMENT_FAILED -> Exit.PAYMENT_FAILED;
            default -> Exit.CANCELLED;
          });
      return true;
    }

    /** The order leaves the backlog at {@code t}, unless it already has. */
    private void leave(long t, Exit exit) {
      if (o.left()) {
        return;
      }
      o.endedAt = t;
      o.exit = exit;
      if (o.known()) {
        exitReported();
      }
    }

    void exitReported() {
      backlog(o.endedAt, -1);
      if (o.awaitedShipment()) {
        leaveAwaiting(o.endedAt);
      }
      o.reported |= EXIT_REPORTED;
      if (o.endedAt < o.dueAt) {
        if (o.breached) {
          // the breach fired before this news arrived: withdraw it at the due time (the timer
          // is in the past and fires with the next watermark)
          timers.registerEventTimeTimer(o.dueAt);
        } else {
          timers.deleteEventTimeTimer(o.dueAt);
        }
      } else if (o.breached && !o.resolved) {
        ctx.output(ALERTS, OrderSlaBreach.resolved(orderId, o, o.dueAt));
        o.resolved = true;
      }
      // left late and not yet breached: the SLA timer still fires, signalling both at once
    }

    void due(boolean endOfInput) {
      if (!o.breached && (!o.left() || o.endedAt >= o.dueAt)) {
        if (endOfInput && !o.left()) {
          return; // the input ended before the deadline came: nothing says it was missed
        }
        o.breached = true;
        fact(Kind.SLA_BREACH, 1);
        ctx.output(ALERTS, OrderSlaBreach.firing(orderId, o, o.dueAt));
        if (o.left()) {
          ctx.output(ALERTS, OrderSlaBreach.resolved(orderId, o, o.dueAt));
          o.resolved = true;
        }
      } else if (o.breached && o.left() && o.endedAt < o.dueAt) {
        o.breached = false;
        fact(Kind.SLA_BREACH, -1);
        ctx.output(ALERTS, OrderSlaBreach.withdrawn(orderId, o, o.dueAt));
      }
    }

    /** Nothing was heard of the order for the retention: it leaves the backlog and is dropped. */
    void forget(boolean endOfInput) {
      if (!endOfInput) {
        if (o.known() && !o.has(EXIT_REPORTED)) {
          backlog(o.forgetAt, -1);
          if (o.awaitedShipment()) {
            leaveAwaiting(o.forgetAt);
          }
        }
        if (o.breached && !o.resolved) {
          ctx.output(ALERTS, OrderSlaBreach.forgotten(orderId, o, o.dueAt, o.forgetAt));
        }
      }
      state.clear();
    }

    void seen(long t) {
      o.lastSeen = Math.max(o.lastSeen, t);
    }

    /** Keeps the order, its forget timer moved to match, or drops it once settled. */
    void save() throws Exception {
      if (o.complete() && o.settled()) {
        if (o.forgetAt != NONE) {
          timers.deleteEventTimeTimer(o.forgetAt);
        }
        state.clear();
        return;
      }
      long forgetAt = o.lastSeen + (o.known() ? retentionMs : allowedLatenessMs);
      if (forgetAt != o.forgetAt) {
        if (o.forgetAt != NONE) {
          timers.deleteEventTimeTimer(o.forgetAt);
        }
        o.forgetAt = forgetAt;
        timers.registerEventTimeTimer(forgetAt);
      }
      state.update(o);
    }

    /** Where an order whose creation is not seen yet belongs, as far as its other events say. */
    private void place(OrderEvent event) {
      if (!o.known()) {
        o.warehouse = orUnknown(event.warehouse());
        o.region = orUnknown(event.region());
      }
    }

    /** A fact at the current event time (the event's, or the timer's). */
    void fact(Kind kind, long value) {
      out.collect(new FulfilmentFact(series(o), kind, value));
    }

    private void backlog(long at, int delta) {
      ctx.output(BACKLOG, new BacklogChange(series(o), at, delta));
    }

    private void awaiting(long at, int delta) {
      ctx.output(AWAITING_SHIPMENT, new BacklogChange(series(o), at, delta));
    }
  }

  private static String orUnknown(String value) {
    return value == null ? SeriesKey.UNKNOWN : value;
  }
}
