package com.opsmon.ingest.metrics;

import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.events.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Ingest counters, per stage ({@code http}, {@code validator}): events accepted by type, rejected
 * by reason, duplicates dropped. Exposed as {@code opsmon_ingest_events_total} with labels {@code
 * stage}, {@code outcome} and {@code reason}/{@code type}.
 */
public final class IngestMetrics {
  public static final String EVENTS = "opsmon.ingest.events";

  private final Map<EventType, Counter> accepted = new EnumMap<>(EventType.class);
  private final Map<DeadLetterReason, Counter> rejected = new EnumMap<>(DeadLetterReason.class);
  private final Counter duplicates;
  private final Map<Refusal, Counter> refused = new EnumMap<>(Refusal.class);

  /** Why a whole request was refused. */
  public enum Refusal {
    /** More events in the body than a request may hold (413). */
    EVENTS,
    /** The client sends faster than its rate (429). */
    RATE,
    /** Too many requests at once (429). */
    CONCURRENCY,
    /** Sent by a browser from a page of another site (403). */
    CROSS_SITE
  }

  public IngestMetrics(MeterRegistry registry, String stage) {
    for (EventType type : EventType.values()) {
      accepted.put(
          type,
          Counter.builder(EVENTS)
              .description("Events by ingest stage and outcome")
              .tags("stage", stage, "outcome", "accepted", "type", type.wireName(), "reason", "")
              .register(registry));
    }
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      rejected.put(
          reason,
          Counter.builder(EVENTS)
              .description("Events by ingest stage and outcome")
              .tags("stage", stage, "outcome", "rejected", "type", "", "reason", reason.code())
              .register(registry));
    }
    duplicates =
        Counter.builder(EVENTS)
            .description("Events by ingest stage and outcome")
            .tags("stage", stage, "outcome", "duplicate", "type", "", "reason", "")
            .register(registry);
    for (Refusal cause : Refusal.values()) {
      refused.put(
          cause,
          Counter.builder("opsmon.ingest.requests.refused")
              .description("Ingest requests refused whole, by cause; nothing of them was stored")
              .tags("stage", stage, "cause", cause.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
    }
  }

  public void refused(Refusal cause) {
    refused.get(cause).increment();
  }

  public double refusedCount(Refusal cause) {
    return refused.get(cause).count();
  }

  /** Counters nobody reads; for tests and tools that do not expose metrics. */
  public static IngestMetrics discarding(String stage) {
    return new IngestMetrics(new SimpleMeterRegistry(), stage);
  }

  public void accepted(EventType type) {
    accepted.get(type).increment();
  }

  public void rejected(DeadLetterReason reason) {
    rejected.get(reason).increment();
  }

  public void duplicate() {
    duplicates.increment();
  }

  public double acceptedCount() {
    return accepted.values().stream().mapToDouble(Counter::count).sum();
  }

  public double rejectedCount(DeadLetterReason reason) {
    return rejected.get(reason).count();
  }

  public double rejectedCount() {
    return rejected.values().stream().mapToDouble(Counter::count).sum();
  }

  public double duplicateCount() {
    return duplicates.count();
  }
}
