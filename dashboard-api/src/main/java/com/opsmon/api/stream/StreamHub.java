package com.opsmon.api.stream;

import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.kpi.KpiPoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fans KPI points and alert state changes out to stream clients. Each event gets the next id of
 * this hub ({@code <epoch>-<sequence>}, the epoch new for every process); the newest {@code replay}
 * are kept so a client that reconnects with {@code Last-Event-ID} gets what it missed, or a reset
 * when that is gone. Publishing never waits for a client: each has a bounded queue, and a client
 * whose queue is full is cut off (it reconnects and resumes) rather than slowing the others or
 * growing memory.
 */
public final class StreamHub {
  /**
   * A KPI point or an alert's new state (the other null), with its id; or a partial point of a
   * window still open, which has no id: it is never kept for a resume, the next one replaces it.
   */
  public record Event(long sequence, String id, KpiPoint point, AlertView alert, boolean partial) {
    public String type() {
      return partial ? "partial" : point != null ? "kpi" : "alert";
    }

    public Object data() {
      return point != null ? point : alert;
    }
  }

  private final String epoch;
  private final StreamSettings settings;
  private final Deque<Event> recent = new ArrayDeque<>();
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final AtomicLong cutOff = new AtomicLong();
  private long sequence;

  public StreamHub(String epoch, StreamSettings settings) {
    this.epoch = epoch;
    this.settings = settings;
  }

  /** Hands the point to every matching client without waiting for any of them. */
  public void publish(KpiPoint point) {
    publish(point, null);
  }

  /** Hands an alert's new state to every client that follows alerts. */
  public void publish(AlertView alert) {
    publish(null, alert);
  }

  /** Hands what a window still open holds so far to every matching client; never kept. */
  public synchronized void publishPartial(KpiPoint point) {
    offer(new Event(sequence, null, point, null, true));
  }

  private synchronized void publish(KpiPoint point, AlertView alert) {
    sequence++;
    Event event = new Event(sequence, epoch + "-" + sequence, point, alert, false);
    if (settings.replay() > 0) {
      recent.addLast(event);
      if (recent.size() > settings.replay()) {
        recent.removeFirst();
      }
    }
    offer(event);
  }

  private void offer(Event event) {
    for (Subscription s : subscriptions) {
      if (s.filter.matches(event) && !s.queue.offer(event)) {
        s.cutOff = true;
        subscriptions.remove(s);
        cutOff.incrementAndGet();
      }
    }
  }

  /**
   * A new client's subscription: first the kept events after {@code lastEventId} that match (all of
   * them queued, so a resume is never cut short by the client buffer), then every new one. {@link
   * Subscription#reset()} is true when what the client missed is no longer kept.
   */
  public synchronized Subscription subscribe(StreamFilter filter, Optional<String> lastEventId) {
    List<Event> missed = new ArrayList<>();
    boolean reset = false;
    if (lastEventId.isPresent()) {
      long after = sequenceOf(lastEventId.get());
      Event oldest = recent.peekFirst();
      if (after < 0 || after > sequence) {
        reset = true; // another process's id, or nonsense
      } else if (after < sequence && (oldest == null || oldest.sequence() > after + 1)) {
        reset = true; // some of what it missed is gone
      }
      for (Event e : recent) {
        if (e.sequence() > after && filter.matches(e)) {
          missed.add(e);
        }
      }
    }
    Subscription s =
        new Subscription(filter, new ArrayBlockingQueue<>(settings.clientBuffer() + missed.size()));
    s.queue.addAll(missed);
    s.reset = reset;
    subscriptions.add(s);
    return s;
  }

  private long sequenceOf(String id) {
    int dash = id.lastIndexOf('-');
    if (dash < 0 || !id.substring(0, dash).equals(epoch)) {
      return -1;
    }
    try {
      return Long.parseLong(id.substring(dash + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public int clients() {
    return subscriptions.size();
  }

  /** Clients cut off so far for falling a whole buffer behind. */
  public long cutOff() {
    return cutOff.get();
  }

  /** One client's queue of events; {@link #close()} it when the client goes. */
  public final class Subscription implements AutoCloseable {
    private final StreamFilter filter;
    private final BlockingQueue<Event> queue;
    private volatile boolean cutOff;
    private boolean reset;

    private Subscription(StreamFilter filter, BlockingQueue<Event> queue) {
      this.filter = filter;
      this.queue = queue;
    }

    /** The next event, waiting at most {@code timeoutMillis}; empty on timeout. */
    public Optional<Event> next(long timeoutMillis) throws InterruptedException {
      return Optional.ofNullable(queue.poll(timeoutMillis, TimeUnit.MILLISECONDS));
    }

    /** Whether the hub cut this client off for falling behind (what is queued may still go). */
    public boolean cutOff() {
      return cutOff;
    }

    /** Whether the client must reload: events it missed are no longer kept. */
    public boolean reset() {
      return reset;
    }

    public boolean hasQueued() {
      return !queue.isEmpty();
    }

    @Override
    public void close() {
      subscriptions.remove(this);
    }
  }
}
