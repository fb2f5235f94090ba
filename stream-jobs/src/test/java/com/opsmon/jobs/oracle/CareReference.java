package com.opsmon.jobs.oracle;

import static com.opsmon.jobs.oracle.Buckets.tag;

import com.opsmon.model.events.Event;
import com.opsmon.model.events.EventType;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.events.TicketEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The customer-service KPIs by their catalog definitions and the ticket life the care job's Javadoc
 * documents, replayed ticket by ticket in event-time order:
 *
 * <ul>
 *   <li>A ticket counts in the channel, kind and region of its {@code ticket_opened}; a second
 *       opening of a known ticket changes nothing.
 *   <li>First response time: its opening to its first {@code ticket_first_response}.
 *   <li>Resolution time: the start of the round the resolution ends (the opening, or the {@code
 *       ticket_reopened} that reopened a closed ticket) to the resolution; a resolution of a ticket
 *       that is not open ends no round and has no time, but its score and the resolution count.
 *   <li>A ticket never seen open: its resolution counts (score, reopen rate) under the channel and
 *       kind it names, {@code unknown} if none; its reopening opens it there, already answered.
 *   <li>Open tickets: +1 at an opening or a reopening of a closed (or unseen) ticket, −1 at the
 *       resolution of an open one; sampled at the end of each minute (see {@link #openTickets}).
 *   <li>Complaint rate: complaint tickets opened (each ticket once) per 100 orders created, per
 *       region and channel of the ticket's opening and of the order.
 * </ul>
 *
 * The period's tickets never reach the 14-day reopen or the 30-day abandon horizon, so those are
 * not modelled.
 */
final class CareReference implements Reference {
  private static final List<String> TAGS =
      List.of(KpiCatalog.CHANNEL, KpiCatalog.KIND, KpiCatalog.REGION);
  private static final List<String> COMPLAINT_TAGS = List.of(KpiCatalog.REGION, KpiCatalog.CHANNEL);
  private static final String COMPLAINT = "complaint";
  private static final long MINUTE_MS = 60_000;
  private static final Map<String, String> P50 = Map.of(KpiCatalog.QUANTILE, "p50");
  private static final Map<String, String> P90 = Map.of(KpiCatalog.QUANTILE, "p90");

  /** One ticket as far as its events have told. */
  private static final class Ticket {
    final Map<String, String> series;
    final long openedAt;
    long roundStart;
    boolean open = true;
    boolean responded;

    Ticket(Map<String, String> series, long openedAt, boolean responded) {
      this.series = series;
      this.openedAt = openedAt;
      this.roundStart = openedAt;
      this.responded = responded;
    }
  }

  /** What one series and window saw of tickets. */
  private static final class Tickets {
    long opened;
    long resolved;
    long reopened;
    long scores;
    long scoreSum;
    long lowScores;
    final Distribution responseSeconds = new Distribution();
    final Distribution resolutionSeconds = new Distribution();
  }

  /** The two sides of complaint_rate in one series and window. */
  private static final class Complaints {
    long complaints;
    long orders;
  }

  private final ReferenceKpis.Run run;
  private final Map<String, Ticket> tickets = new HashMap<>();
  private final Buckets<Tickets> buckets =
      new Buckets<>(TAGS, KpiCatalog.TICKETS_OPENED.windows(), Tickets::new);
  private final Buckets<Complaints> complaints =
      new Buckets<>(COMPLAINT_TAGS, KpiCatalog.COMPLAINT_RATE.windows(), Complaints::new);

  /** Per series (own and totals): the net change of open tickets in each minute that had one. */
  private final Map<String, TreeMap<Long, Long>> openChanges = new HashMap<>();

  /** Every ticket event's time, in order: how the tickets' event time advanced. */
  private final List<Long> ticketTimes = new ArrayList<>();

  /** The latest ticket event that counted for anything. */
  private long latestCounted = Long.MIN_VALUE;

  CareReference(ReferenceKpis.Run run) {
    this.run = run;
  }

  @Override
  public List<KpiDefinition> kpis() {
    return List.of(
        KpiCatalog.TICKETS_OPENED,
        KpiCatalog.COMPLAINT_RATE,
        KpiCatalog.FIRST_RESPONSE_TIME,
        KpiCatalog.RESOLUTION_TIME,
        KpiCatalog.OPEN_TICKETS,
        KpiCatalog.CSAT,
        KpiCatalog.CSAT_LOW_SHARE,
        KpiCatalog.REOPEN_RATE);
  }

  @Override
  public void add(Event event) {
    if (event instanceof OrderEvent order && order.type() == EventType.ORDER_CREATED) {
      complaints.at(
          regionChannel(order.region(), order.channel()), order.occurredAt(), c -> c.orders++);
    } else if (event instanceof TicketEvent ticket) {
      ticketTimes.add(ticket.occurredAt().toEpochMilli());
      if (live(ticket)) {
        latestCounted = ticket.occurredAt().toEpochMilli();
      }
    }
  }

  /** Applies one ticket event to its ticket; false when it changes and counts nothing. */
  private boolean live(TicketEvent event) {
    long at = event.occurredAt().toEpochMilli();
    Instant t = event.occurredAt();
    Ticket ticket = tickets.get(event.ticketId());
    switch (event.type()) {
      case TICKET_OPENED -> {
        if (ticket != null) {
          return false;
        }
        ticket = new Ticket(seriesNamedBy(event), at, false);
        tickets.put(event.ticketId(), ticket);
        buckets.at(ticket.series, t, b -> b.opened++);
        changeOpen(ticket.series, at, +1);
        if (COMPLAINT.equals(event.kind())) {
          complaints.at(regionChannel(event.region(), event.channel()), t, c -> c.complaints++);
        }
        return true;
      }
      case TICKET_FIRST_RESPONSE -> {
        if (ticket == null || ticket.responded) {
          return false;
        }
        ticket.responded = true;
        double seconds = (at - ticket.openedAt) / 1000.0;
        buckets.at(ticket.series, t, b -> b.responseSeconds.add(seconds, 1));
        return true;
      }
      case TICKET_RESOLVED -> {
        Map<String, String> series = ticket == null ? seriesNamedBy(event) : ticket.series;
        boolean endsRound = ticket != null && ticket.open;
        double seconds = endsRound ? (at - ticket.roundStart) / 1000.0 : -1;
        Integer score = event.satisfaction();
        buckets.at(
            series,
            t,
            b -> {
              b.resolved++;
              if (endsRound) {
                b.resolutionSeconds.add(seconds, 1);
              }
              if (score != null) {
                b.scores++;
                b.scoreSum += score;
                if (score <= 2) {
                  b.lowScores++;
                }
              }
            });
        if (endsRound) {
          ticket.open = false;
          changeOpen(series, at, -1);
        }
        return true;
      }
      case TICKET_REOPENED -> {
        if (ticket == null) {
          ticket = new Ticket(seriesNamedBy(event), at, true);
          tickets.put(event.ticketId(), ticket);
          changeOpen(ticket.series, at, +1);
        } else if (!ticket.open) {
          ticket.open = true;
          ticket.roundStart = at;
          changeOpen(ticket.series, at, +1);
        }
        buckets.at(ticket.series, t, b -> b.reopened++);
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private static Map<String, String> seriesNamedBy(TicketEvent event) {
    Map<String, String> series = new TreeMap<>();
    series.put(KpiCatalog.CHANNEL, tag(event.channel()));
    series.put(KpiCatalog.KIND, tag(event.kind()));
    series.put(KpiCatalog.REGION, tag(event.region()));
    return series;
  }

  private static Map<String, String> regionChannel(String region, String channel) {
    return Map.of(KpiCatalog.REGION, tag(region), KpiCatalog.CHANNEL, tag(channel));
  }

  private void changeOpen(Map<String, String> series, long at, long delta) {
    for (Map<String, String> set : Cube.tagSets(series, TAGS)) {
      openChanges
          .computeIfAbsent(SeriesKey.encode(set), s -> new TreeMap<>())
          .merge(at - Math.floorMod(at, MINUTE_MS), delta, Long::sum);
    }
  }

  @Override
  public void values(BiConsumer<PointKey, Double> out) {
    buckets.forEach(
        (key, b) -> {
          out.accept(
              buckets.point(key, KpiCatalog.TICKETS_OPENED.name(), Map.of()), (double) b.opened);
          quantiles(out, key, KpiCatalog.FIRST_RESPONSE_TIME, b.responseSeconds);
          quantiles(out, key, KpiCatalog.RESOLUTION_TIME, b.resolutionSeconds);
          if (b.scores > 0) {
            out.accept(
                buckets.point(key, KpiCatalog.CSAT.name(), Map.of()),
                (double) b.scoreSum / b.scores);
            out.accept(
                buckets.point(key, KpiCatalog.CSAT_LOW_SHARE.name(), Map.of()),
                (double) b.lowScores / b.scores);
          }
          if (b.resolved > 0) {
            out.accept(
                buckets.point(key, KpiCatalog.REOPEN_RATE.name(), Map.of()),
                (double) b.reopened / b.resolved);
          }
        });
    complaints.forEach(
        (key, c) -> {
          if (c.orders > 0) {
            out.accept(
                buckets.point(key, KpiCatalog.COMPLAINT_RATE.name(), Map.of()),
                100.0 * c.complaints / c.orders);
          }
        });
    openTickets(out);
  }

  private void quantiles(
      BiConsumer<PointKey, Double> out, PointKey key, KpiDefinition kpi, Distribution seconds) {
    if (seconds.count() > 0) {
      out.accept(buckets.point(key, kpi.name(), P50), seconds.quantile(50));
      out.accept(buckets.point(key, kpi.name(), P90), seconds.quantile(90));
    }
  }

  /**
   * open_tickets of every series, own and totals alike, as the catalog defines it: the level at the
   * end of each minute from the series' first change on, while tickets are open; the minute it
   * comes back to 0 has a 0 point, then none until its next change (a ticket opened and resolved
   * within one minute makes such a 0 point too). The input ends at its latest ticket event that
   * counted for anything: no minute after that one is sampled. A minute that the tickets' event
   * time leaves more than the allowed lateness behind when it first passes the minute's end gets no
   * point (its changes still count).
   */
  private void openTickets(BiConsumer<PointKey, Double> out) {
    if (latestCounted == Long.MIN_VALUE) {
      return;
    }
    long lastMinute = latestCounted - Math.floorMod(latestCounted, MINUTE_MS);
    Collections.sort(ticketTimes);
    openChanges.forEach(
        (series, changes) -> {
          long level = 0;
          Long minute = changes.firstKey();
          while (minute != null && minute <= lastMinute) {
            Long change = changes.get(minute);
            if (change == null && level == 0) {
              minute = changes.higherKey(minute);
              continue;
            }
            level += change == null ? 0 : change;
            if (sampled(minute)) {
              out.accept(
                  new PointKey(
                      KpiCatalog.OPEN_TICKETS.name(),
                      series,
                      Duration.ofMillis(MINUTE_MS),
                      Instant.ofEpochMilli(minute)),
                  (double) level);
            }
            minute += MINUTE_MS;
          }
        });
  }

  /**
   * Whether the minute starting at {@code minute} is sampled: event time (the newest ticket time
   * minus the out-of-orderness) first passes its end with the event at the smallest ticket time
   * that far on, and the minute is sampled unless event time is then more than the allowed lateness
   * past it. The reference takes ticket times in order; the jobs get them shuffled within the
   * out-of-orderness, which could only matter for a gap in tickets within those 5 s of the allowed
   * lateness (the simulated period's longest gap is far shorter).
   */
  private boolean sampled(long minute) {
    long end = minute + MINUTE_MS;
    long ooo = run.outOfOrderness().toMillis();
    int i = Collections.binarySearch(ticketTimes, end + ooo);
    if (i < 0) {
      i = -i - 1;
    } else {
      while (i > 0 && ticketTimes.get(i - 1) == end + ooo) {
        i--;
      }
    }
    if (i == ticketTimes.size()) {
      return true; // event time reaches it only as the input ends: every minute is sampled
    }
    long watermark = ticketTimes.get(i) - ooo - 1;
    return watermark <= end - 1 + run.allowedLateness().toMillis();
  }

  /**
   * Response and resolution times: the job measures whole seconds (rounded, so within 0.5 s) into a
   * sketch that reads a quantile back within the catalog's 1%.
   */
  @Override
  public double tolerance(String kpi, double expected) {
    if (kpi.equals(KpiCatalog.FIRST_RESPONSE_TIME.name())
        || kpi.equals(KpiCatalog.RESOLUTION_TIME.name())) {
      return SKETCH * Math.abs(expected) + 0.5 + EXACT;
    }
    return Reference.super.tolerance(kpi, expected);
  }
}
