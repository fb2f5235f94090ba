package com.opsmon.model.topics;

import com.opsmon.model.alerts.AckCommand;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.alerts.NotificationLogEntry;
import com.opsmon.model.alerts.Silence;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.events.EventCategory;
import com.opsmon.model.json.JsonSerde;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.rules.PublishedRules;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The registry of every topic in the flow. Events stay JSON text on their topics, so fields the
 * monitor does not know survive every hop; everything the monitor produces itself is a typed
 * record.
 *
 * <p>Every topic is stamped by the broker on arrival ({@code LogAppendTime}) and kept for a fixed
 * time from then: an event's own time travels in its payload, never in the record timestamp, so a
 * backfill of last month's events is kept as long as one of this minute's. (A record stamped with
 * an old event time is deleted by the broker's retention task as soon as it lands, read or not.)
 */
public final class Topics {
  private Topics() {}

  /** Unread records survive an outage of a week (a long weekend plus the time to notice). */
  public static final Duration RETENTION = Duration.ofDays(7);

  /** Dead letters are read by people, days later: twice as long. */
  public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

  /** Settings of a topic stamped on arrival and deleted {@code retention} after it. */
  public static Map<String, String> stampedOnArrival(Duration retention) {
    return Map.of(
        "message.timestamp.type", "LogAppendTime",
        "cleanup.policy", "delete",
        "retention.ms", String.valueOf(retention.toMillis()));
  }

  /**
   * Events exactly as producers sent them (bytes, which may not even be UTF-8), keyed by entity id;
   * nothing validated yet. Records are stamped with their arrival at the broker, whatever time a
   * producer sets, so the de-duplication horizon counts from arrival.
   */
  public static final Topic<String, byte[]> RAW_EVENTS =
      new Topic<>(
          "opsmon.events.raw", Serdes.String(), Serdes.ByteArray(), stampedOnArrival(RETENTION));

  public static final Topic<String, String> ORDERS =
      new Topic<>(
          "opsmon.events.orders", Serdes.String(), Serdes.String(), stampedOnArrival(RETENTION));
  public static final Topic<String, String> INVENTORY =
      new Topic<>(
          "opsmon.events.inventory", Serdes.String(), Serdes.String(), stampedOnArrival(RETENTION));
  public static final Topic<String, String> SERVICE =
      new Topic<>(
          "opsmon.events.service", Serdes.String(), Serdes.String(), stampedOnArrival(RETENTION));
  public static final Topic<String, String> STOREFRONT =
      new Topic<>(
          "opsmon.events.storefront",
          Serdes.String(),
          Serdes.String(),
          stampedOnArrival(RETENTION));

  /** Everything rejected anywhere in the flow, with the reason and the original payload. */
  public static final Topic<String, DeadLetter> DEAD_LETTERS =
      new Topic<>(
          "opsmon.events.dead-letters",
          Serdes.String(),
          JsonSerde.of(DeadLetter.class),
          stampedOnArrival(DEAD_LETTER_RETENTION));

  /** KPI points keyed by KPI and series; a later point for the same window replaces an earlier. */
  public static final Topic<String, KpiPoint> KPIS =
      new Topic<>(
          "opsmon.kpis",
          Serdes.String(),
          JsonSerde.of(KpiPoint.class),
          stampedOnArrival(RETENTION));

  /** A partial point is stale within the minute; an hour is ample for a screen that reconnects. */
  public static final Duration PARTIAL_RETENTION = Duration.ofHours(1);

  /**
   * What the windows still open hold so far (updated about every quarter second), for live screens
   * only: never stored or judged; the final point on {@link #KPIS} replaces it.
   */
  public static final Topic<String, KpiPoint> KPI_PARTIALS =
      new Topic<>(
          "opsmon.kpis.partial",
          Serdes.String(),
          JsonSerde.of(KpiPoint.class),
          stampedOnArrival(PARTIAL_RETENTION));

  /** Rule verdicts keyed by alert fingerprint. */
  public static final Topic<String, AlertSignal> ALERT_SIGNALS =
      new Topic<>(
          "opsmon.alerts.signals",
          Serdes.String(),
          JsonSerde.of(AlertSignal.class),
          stampedOnArrival(RETENTION));

  /** Acknowledgements from the API for the alerting app, keyed by fingerprint. */
  public static final Topic<String, AckCommand> ALERT_ACKS =
      new Topic<>(
          "opsmon.alerts.acks",
          Serdes.String(),
          JsonSerde.of(AckCommand.class),
          stampedOnArrival(RETENTION));

  /** No silence may last longer than this: the silences topic forgets older ones. */
  public static final Duration SILENCE_RETENTION = Duration.ofDays(90);

  /**
   * Silences keyed by id, compacted so the newest version of each is kept; a silence is deleted by
   * publishing it expired. Versions older than {@link #SILENCE_RETENTION} are removed, so expired
   * silences do not pile up for good.
   */
  public static final Topic<String, Silence> SILENCES =
      new Topic<>(
          "opsmon.alerts.silences",
          Serdes.String(),
          JsonSerde.of(Silence.class),
          Map.of(
              "message.timestamp.type", "LogAppendTime",
              "cleanup.policy", "compact,delete",
              "retention.ms", String.valueOf(SILENCE_RETENTION.toMillis())));

  /**
   * Every alert's current state and recent history, keyed by fingerprint (exactly-once, from the
   * alerting app); compacted, and a tombstone once a resolved alert is forgotten. The API builds
   * its view of the alerts from it.
   */
  public static final Topic<String, AlertView> ALERT_STATE =
      new Topic<>(
          "opsmon.alerts.state",
          Serdes.String(),
          JsonSerde.of(AlertView.class),
          Map.of(
              "message.timestamp.type", "LogAppendTime",
              "cleanup.policy", "compact",
              "min.compaction.lag.ms", String.valueOf(Duration.ofHours(1).toMillis())));

  /**
   * Every notification queued, every delivery attempt and its outcome, and every change not sent
   * (and why), keyed by receiver.
   */
  public static final Topic<String, NotificationLogEntry> NOTIFICATION_LOG =
      new Topic<>(
          "opsmon.alerts.notification-log",
          Serdes.String(),
          JsonSerde.of(NotificationLogEntry.class),
          stampedOnArrival(RETENTION));

  /**
   * The rules in force: every published version under one key, compacted so the newest is kept for
   * good (never deleted by age), read from the start by the jobs and the API.
   */
  public static final Topic<String, PublishedRules> RULES =
      new Topic<>(
          "opsmon.rules",
          Serdes.String(),
          JsonSerde.of(PublishedRules.class),
          Map.of(
              "message.timestamp.type", "LogAppendTime",
              "cleanup.policy", "compact",
              "min.compaction.lag.ms", String.valueOf(Duration.ofDays(1).toMillis())));

  /** The key every rules version is published under: compaction keeps the newest. */
  public static final String ACTIVE_RULES = "active";

  public static Topic<String, String> forCategory(EventCategory category) {
    return switch (category) {
      case ORDER -> ORDERS;
      case INVENTORY -> INVENTORY;
      case SERVICE -> SERVICE;
      case STOREFRONT -> STOREFRONT;
    };
  }

  public static List<Topic<?, ?>> all() {
    return List.of(
        RAW_EVENTS,
        ORDERS,
        INVENTORY,
        SERVICE,
        STOREFRONT,
        DEAD_LETTERS,
        KPIS,
        KPI_PARTIALS,
        ALERT_SIGNALS,
        ALERT_ACKS,
        SILENCES,
        ALERT_STATE,
        NOTIFICATION_LOG,
        RULES);
  }
}
