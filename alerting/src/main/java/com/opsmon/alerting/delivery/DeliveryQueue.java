package com.opsmon.alerting.delivery;

import com.opsmon.alerting.receivers.Receiver;
import com.opsmon.model.alerts.Notification;
import com.opsmon.model.alerts.NotificationLogEntry.Outcome;
import com.opsmon.model.health.ComponentHealth;
import com.opsmon.model.retry.Backoff;
import com.opsmon.model.secrets.Redaction;
import io.github.resilience4j.retry.Retry;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One receiver's queue: its own threads (at most {@code concurrency} deliveries at once) and its
 * own retries, so a receiver that is slow or down, or one notification it keeps refusing, holds up
 * nothing of any other receiver, and no other notification of its own. Each notification is tried
 * until the receiver accepts it or refuses it for good, with exponential back-off and jitter
 * through {@link Backoff} (resilience4j), and abandoned when it is still failing {@code
 * giveUpAfter} after it was queued. Every attempt is reported.
 */
public final class DeliveryQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeliveryQueue.class);

  /** One attempt at a notification and how it ended. */
  public record Attempt(
      String idempotencyKey, Outcome outcome, int attempt, String detail, Instant at) {}

  /** A notification in the queue; cancelling it stops further attempts (not one in progress). */
  public interface Handle {
    void cancel();
  }

  /** Thrown inside an attempt that should be tried again. */
  private static final class TryAgain extends RuntimeException {
    TryAgain(String detail) {
      super(detail, null, false, false);
    }
  }

  private final Receiver receiver;
  private final Retry retry;
  private final Duration giveUpAfter;
  private final Executor executor;
  private final ExecutorService ownThreads;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final AtomicInteger pending = new AtomicInteger();
  private final java.util.Map<String, String> failing =
      new java.util.concurrent.ConcurrentHashMap<>();

  public DeliveryQueue(
      Receiver receiver,
      Backoff backoff,
      Duration giveUpAfter,
      int concurrency,
      ScheduledExecutorService scheduler,
      Clock clock) {
    this(receiver, backoff, giveUpAfter, threads(receiver, concurrency), scheduler, clock);
  }

  /** A queue whose attempts run on {@code executor} (tests run them on the caller's thread). */
  DeliveryQueue(
      Receiver receiver,
      Backoff backoff,
      Duration giveUpAfter,
      Executor executor,
      ScheduledExecutorService scheduler,
      Clock clock) {
    this.receiver = receiver;
    this.retry = backoff.forever("deliver-" + receiver.name(), DeliveryQueue::retryable);
    this.giveUpAfter = giveUpAfter;
    this.scheduler = scheduler;
    this.clock = clock;
    this.executor = executor;
    this.ownThreads = executor instanceof ExecutorService pool ? pool : null;
  }

  private static ExecutorService threads(Receiver receiver, int concurrency) {
    return Executors.newFixedThreadPool(
        concurrency,
        r -> {
          Thread thread = new Thread(r, "deliver-" + receiver.name());
          thread.setDaemon(true);
          return thread;
        });
  }

  private static boolean retryable(Throwable e) {
    return e instanceof TryAgain
        || (e instanceof CompletionException && e.getCause() instanceof TryAgain);
  }

  public String receiver() {
    return receiver.name();
  }

  /** Notifications queued or being tried. */
  public int pending() {
    return pending.get();
  }

  /**
   * Down while any notification's newest attempt failed (it is being retried), naming how many and
   * the newest failure; up otherwise.
   */
  public ComponentHealth health() {
    if (failing.isEmpty()) {
      return ComponentHealth.up("delivering");
    }
    return ComponentHealth.down(
        receiver.name()
            + " failing: "
            + failing.values().iterator().next()
            + " ("
            + failing.size()
            + " notification(s) retrying)");
  }

  /**
   * Queues a notification; {@code report} hears of every attempt, from the queue's threads. The
   * last report is delivered, rejected or abandoned (unless cancelled first).
   */
  public Handle submit(Notification notification, Instant queuedAt, Consumer<Attempt> report) {
    AtomicBoolean cancelled = new AtomicBoolean();
    AtomicInteger attempts = new AtomicInteger();
    pending.incrementAndGet();
    retry
        .executeCompletionStage(
            scheduler,
            () ->
                CompletableFuture.runAsync(
                    () -> attempt(notification, queuedAt, attempts, cancelled, report), executor))
        .whenComplete(
            (ok, e) -> {
              pending.decrementAndGet();
              if (e != null && !cancelled.get()) {
                // only a bug gets here: every failure of an attempt is a TryAgain
                log.error(
                    "delivery of {} to {} stopped",
                    notification.idempotencyKey(),
                    receiver.name(),
                    e);
              }
            });
    return () -> {
      cancelled.set(true);
      failing.remove(notification.idempotencyKey());
    };
  }

  private void attempt(
      Notification notification,
      Instant queuedAt,
      AtomicInteger attempts,
      AtomicBoolean cancelled,
      Consumer<Attempt> report) {
    if (cancelled.get()) {
      return;
    }
    int attempt = attempts.incrementAndGet();
    String key = notification.idempotencyKey();
    Receiver.Result result;
    try {
      result = receiver.deliver(notification);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = Receiver.Result.retry("interrupted");
    } catch (Exception e) {
      result = Receiver.Result.retry(describe(e));
    }
    // the detail is logged, shown in /health and kept in the notification log: a receiver's
    // answer or an exception may quote its URL, token and all
    String detail = Redaction.urls(result.detail());
    Instant now = clock.instant();
    switch (result.kind()) {
      case DELIVERED -> {
        failing.remove(key);
        log.info("delivered {} to {} (attempt {})", key, receiver.name(), attempt);
        report.accept(new Attempt(key, Outcome.DELIVERED, attempt, detail, now));
      }
      case REJECTED -> {
        failing.remove(key);
        log.error("{} refused notification {} for good: {}", receiver.name(), key, detail);
        report.accept(new Attempt(key, Outcome.REJECTED, attempt, detail, now));
      }
      case RETRY -> {
        if (Duration.between(queuedAt, now).compareTo(giveUpAfter) >= 0) {
          failing.remove(key);
          log.error(
              "giving up on {} to {} after {} attempts: {}", key, receiver.name(), attempt, detail);
          report.accept(new Attempt(key, Outcome.ABANDONED, attempt, detail, now));
          return;
        }
        log.warn(
            "delivery of {} to {} failed (attempt {}: {}); retrying with back-off",
            key,
            receiver.name(),
            attempt,
            detail);
        failing.put(key, detail);
        report.accept(new Attempt(key, Outcome.FAILED, attempt, detail, now));
        if (!cancelled.get()) {
          throw new TryAgain(detail);
        }
      }
    }
  }

  /**
   * A failed attempt in a few words: the exception's type and the first message along its causes.
   * The JDK's HTTP client reports a refused connection as a {@code ConnectException} with no
   * message at all, which is said in words.
   */
  static String describe(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null && message == null; t = t.getCause()) {
      message = t.getMessage();
    }
    if (message == null && e instanceof ConnectException) {
      message = "no connection (refused or unreachable)";
    }
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  @Override
  public void close() {
    if (ownThreads != null) {
      ownThreads.shutdownNow();
    }
    receiver.close();
  }
}
