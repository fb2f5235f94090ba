package com.opsmon.model.topics;

import com.opsmon.model.alerts.AlertNotification;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.events.EventCategory;
import com.opsmon.model.json.JsonSerde;
import com.opsmon.model.kpi.KpiPoint;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The registry of every topic in the flow. Events stay JSON text on their topics, so fields the
 * monitor does not know survive every hop; everything the monitor produces itself is a typed
 * record.
 */
public final class Topics {
  private Topics() {}

  /**
   * Events exactly as producers sent them (bytes, which may not even be UTF-8), keyed by entity id;
   * nothing validated yet. Records are stamped with their arrival at the broker, whatever time a
   * producer sets, so the de-duplication horizon counts from arrival.
   */
  public static final Topic<String, byte[]> RAW_EVENTS =
      new Topic<>(
          "opsmon.events.raw",
          Serdes.String(),
          Serdes.ByteArray(),
          Map.of("message.timestamp.type", "LogAppendTime"));

  public static final Topic<String, String> ORDERS =
      new Topic<>("opsmon.events.orders", Serdes.String(), Serdes.String());
  public static final Topic<String, String> INVENTORY =
      new Topic<>("opsmon.events.inventory", Serdes.String(), Serdes.String());
  public static final Topic<String, String> SERVICE =
      new Topic<>("opsmon.events.service", Serdes.String(), Serdes.String());
  public static final Topic<String, String> STOREFRONT =
      new Topic<>("opsmon.events.storefront", Serdes.String(), Serdes.String());

  /** Everything rejected anywhere in the flow, with the reason and the original payload. */
  public static final Topic<String, DeadLetter> DEAD_LETTERS =
      new Topic<>("opsmon.events.dead-letters", Serdes.String(), JsonSerde.of(DeadLetter.class));

  /** KPI points keyed by KPI and series; a later point for the same window replaces an earlier. */
  public static final Topic<String, KpiPoint> KPIS =
      new Topic<>("opsmon.kpis", Serdes.String(), JsonSerde.of(KpiPoint.class));

  /** Rule verdicts keyed by alert fingerprint. */
  public static final Topic<String, AlertSignal> ALERT_SIGNALS =
      new Topic<>("opsmon.alerts.signals", Serdes.String(), JsonSerde.of(AlertSignal.class));

  /** Alert state changes to notify, keyed by fingerprint. */
  public static final Topic<String, AlertNotification> ALERT_NOTIFICATIONS =
      new Topic<>(
          "opsmon.alerts.notifications", Serdes.String(), JsonSerde.of(AlertNotification.class));

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
        ALERT_SIGNALS,
        ALERT_NOTIFICATIONS);
  }
}
