package com.opsmon.jobs.care;

import com.opsmon.model.events.TicketEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.SeriesKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Follows each ticket's life (keyed by ticket id) and turns its events into {@link TicketFact}s.
 * Only {@code ticket_opened} says how a ticket opened (its channel and kind); the state remembers
 * that, and when, so every later event counts in the ticket's series and response and resolution
 * times can be measured.
 *
 * <ul>
 *   <li>Events are applied in event-time order: each waits for the watermark to pass its time, so a
 *       first response that overtook its ticket's opening on the way still finds it. An event that
 *       arrives behind the watermark is applied at once. Either way its fact carries the event's
 *       own time, so it counts in its own minute (a late one corrects that minute).
 *   <li>First response time: from {@code ticket_opened} to the first {@code ticket_first_response};
 *       later responses are not measured again.
 *   <li>Resolution time: from the start of the round the resolution ends: the {@code
 *       ticket_opened}, or for a reopened ticket its latest {@code ticket_reopened}.
 *   <li>A resolved ticket is remembered for {@code reopenWithin} after its resolution, so that a
 *       reopening still counts in its series; then its state is dropped.
 *   <li>An open ticket untouched for {@code abandonAfter} of event time is dropped: it leaves the
 *       open tickets (a fact with {@code openDelta} -1 and no event) and its state is cleared.
 *   <li>An event of a ticket the monitor never saw open (opened before the job started, or before
 *       it forgot the ticket) still counts what it can: a resolution counts for {@code csat} and
 *       {@code reopen_rate} without a time, a reopening reopens it; they count under the channel
 *       and kind the event carries, {@code unknown} if none. A first response then measures nothing
 *       and counts nowhere.
 *   <li>A second {@code ticket_opened} of a ticket already known changes nothing.
 *   <li>When a finite input ends (event time jumps to its end), open tickets are not dropped.
 * </ul>
 *
 * All keyed state also has a processing-time TTL of {@code stateTtl}, longer than either horizon: a
 * safety net should event time stop for good, since a TTL expiry cannot tell the open tickets.
 */
public final class TrackTickets extends KeyedProcessFunction<String, TicketEvent, TicketFact> {
  /** Events of one ticket at the same instant, in the order of a ticket's life. */
  private static final Comparator<TicketEvent> LIFECYCLE =
      Comparator.comparingInt(e -> e.type().ordinal());

  private final long abandonAfterMs;
  private final long reopenWithinMs;
  private final Duration stateTtl;

  private transient ValueState<TicketState> ticket;
  private transient MapState<Long, List<TicketEvent>> waiting;

  public TrackTickets(Duration abandonAfter, Duration reopenWithin, Duration stateTtl) {
    this.abandonAfterMs = abandonAfter.toMillis();
    this.reopenWithinMs = reopenWithin.toMillis();
    this.stateTtl = stateTtl;
  }

  @Override
  public void open(OpenContext openContext) {
    StateTtlConfig ttl =
        StateTtlConfig.newBuilder(stateTtl)
            .updateTtlOnCreateAndWrite()
            .neverReturnExpired()
            .build();
    ValueStateDescriptor<TicketState> ticketState =
        new ValueStateDescriptor<>("ticket", TypeInformation.of(TicketState.class));
    ticketState.enableTimeToLive(ttl);
    ticket = getRuntimeContext().getState(ticketState);
    MapStateDescriptor<Long, List<TicketEvent>> waitingState =
        new MapStateDescriptor<>(
            "waiting", Types.LONG, Types.LIST(TypeInformation.of(TicketEvent.class)));
    waitingState.enableTimeToLive(ttl);
    waiting = getRuntimeContext().getMapState(waitingState);
  }

  @Override
  public void processElement(TicketEvent event, Context ctx, Collector<TicketFact> out)
      throws Exception {
    long at = ctx.timestamp();
    if (at <= ctx.timerService().currentWatermark()) {
      apply(event, at, ctx, out);
      return;
    }
    List<TicketEvent> due = waiting.get(at);
    if (due == null) {
      due = new ArrayList<>(1);
    }
    due.add(event);
    waiting.put(at, due);
    ctx.timerService().registerEventTimeTimer(at);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<TicketFact> out)
      throws Exception {
    List<TicketEvent> due = waiting.get(timestamp);
    if (due != null) {
      waiting.remove(timestamp);
      due.sort(LIFECYCLE);
      for (TicketEvent event : due) {
        apply(event, timestamp, ctx, out);
      }
    }
    TicketState state = ticket.value();
    if (state != null && state.expiresAt() == timestamp) {
      // at the end of a finite input every timer fires: its open tickets were not abandoned
      boolean inputEnded = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
      if (state.open() && !inputEnded) {
        out.collect(TicketFact.dropped(state.series()));
      }
      ticket.clear();
    }
  }

  private void apply(TicketEvent event, long at, Context ctx, Collector<TicketFact> out)
      throws Exception {
    TicketState before = ticket.value();
    TicketState after;
    switch (event.type()) {
      case TICKET_OPENED -> {
        if (before != null) {
          return;
        }
        after = TicketState.opened(series(event), at);
        out.collect(TicketFact.opened(after.series(), event));
      }
      case TICKET_FIRST_RESPONSE -> {
        if (before == null || before.responded()) {
          return;
        }
        after = before.answered();
        out.collect(
            new TicketFact(
                after.series(), event, seconds(at - before.openedAt()), TicketFact.NONE, 0));
      }
      case TICKET_RESOLVED -> {
        if (before == null) {
          out.collect(TicketFact.counted(series(event), event));
          return;
        }
        if (before.open()) {
          after = before.closed();
          out.collect(
              new TicketFact(
                  after.series(), event, TicketFact.NONE, seconds(at - before.roundStart()), -1));
        } else {
          after = before;
          out.collect(TicketFact.counted(before.series(), event));
        }
      }
      case TICKET_REOPENED -> {
        if (before == null) {
          after = TicketState.reopenedUnseen(series(event), at);
          out.collect(TicketFact.opened(after.series(), event));
        } else if (!before.open()) {
          after = before.reopenedAt(at);
          out.collect(TicketFact.opened(after.series(), event));
        } else {
          after = before;
          out.collect(TicketFact.counted(before.series(), event));
        }
      }
      default -> {
        return;
      }
    }
    long expiresAt = at + (after.open() ? abandonAfterMs : reopenWithinMs);
    if (before != null && before.open() == after.open()) {
      // a late event must not bring the end of a ticket forward
      expiresAt = Math.max(expiresAt, before.expiresAt());
    }
    remember(before, after.expiringAt(expiresAt), ctx);
  }

  private void remember(TicketState before, TicketState after, Context ctx) throws Exception {
    long old = before == null ? Long.MIN_VALUE : before.expiresAt();
    if (old != after.expiresAt()) {
      // the timer of events waiting at the same instant must stay
      if (before != null && !waiting.contains(old)) {
        ctx.timerService().deleteEventTimeTimer(old);
      }
      ctx.timerService().registerEventTimeTimer(after.expiresAt());
    }
    ticket.update(after);
  }

  /** The channel, kind and region the event names ({@code unknown} for those it does not). */
  private static String series(TicketEvent event) {
    return SeriesKey.of(
        KpiCatalog.CHANNEL,
        event.channel(),
        KpiCatalog.KIND,
        event.kind(),
        KpiCatalog.REGION,
        event.region());
  }

  private static long seconds(long millis) {
    return Math.max(0, Math.round(millis / 1000.0));
  }
}
