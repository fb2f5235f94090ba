package com.opsmon.jobs.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.events.EventType;
import com.opsmon.model.events.OrderEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One order at a time through {@link TrackOrders}, event time moved by hand. */
class TrackOrdersTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final Duration SLA = Duration.ofHours(4);
  private static final Duration NYC_SLA = Duration.ofHours(6);
  private static final Duration RETENTION = Duration.ofDays(7);
  private static final Duration LATENESS = Duration.ofHours(1);
  private static final Instant DUE = T0.plus(SLA);

  private KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, FulfilmentFact> harness;
  private int events;

  @BeforeEach
  void setUp() throws Exception {
    FulfilmentSettings settings = new FulfilmentSettings(SLA, Map.of("nyc-1", NYC_SLA), RETENTION);
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new TrackOrders(settings, LATENESS), OrderEvent::orderId, Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void event(EventType type, String order, Instant at) throws Exception {
    event(type, order, at, "ams-1", "eu");
  }

  private void event(EventType type, String order, Instant at, String warehouse, String region)
      throws Exception {
    OrderEvent e =
        new OrderEvent(
            type, "e-" + ++events, order, at, region, "web", warehouse, null, null, null);
    harness.processElement(e, at.toEpochMilli());
  }

  private void watermark(Instant t) throws Exception {
    harness.processWatermark(t.toEpochMilli());
  }

  /** Each fact as kind=value@its timestamp. */
  private List<String> facts() {
    return harness.extractOutputStreamRecords().stream()
        .map(r -> r.getValue().kind() + "=" + r.getValue().value() + "@" + at(r.getTimestamp()))
        .toList();
  }

  private <T> List<StreamRecord<T>> side(org.apache.flink.util.OutputTag<T> tag) {
    java.util.Queue<StreamRecord<T>> records = harness.getSideOutput(tag);
    return records == null ? List.of() : List.copyOf(records);
  }

  private List<String> backlog() {
    return changes(TrackOrders.BACKLOG);
  }

  private List<String> awaitingShipment() {
    return changes(TrackOrders.AWAITING_SHIPMENT);
  }

  private List<String> changes(org.apache.flink.util.OutputTag<BacklogChange> queue) {
    return side(queue).stream()
        .map(r -> (r.getValue().delta() > 0 ? "+1@" : "-1@") + at(r.getValue().at()))
        .toList();
  }

  /** Each signal as status startsAt..endsAt. */
  private List<String> alerts() {
    return signals().stream()
        .map(
            s ->
                s.status()
                    + " "
                    + s.startsAt()
                    + ".."
                    + (s.endsAt() == null ? "" : s.endsAt().toString()))
        .toList();
  }

  private List<AlertSignal> signals() {
    return side(TrackOrders.ALERTS).stream().map(StreamRecord::getValue).toList();
  }

  private static String at(long millis) {
    return Duration.between(T0, Instant.ofEpochMilli(millis)).toString();
  }

  @Test
  void shouldFireTheSlaBreachExactlyWhenEventTimeReachesTheDueTimeAndNotBefore() throws Exception {
    event(EventType.ORDER_CREATED, "o-1", T0);

    watermark(DUE.minusMillis(1));
    assertThat(signals()).isEmpty();
    assertThat(facts()).isEmpty();

    watermark(DUE);
    assertThat(alerts()).containsExactly("FIRING " + DUE + "..");
    assertThat(facts()).containsExactly("SLA_BREACH=1@PT4H");
    AlertSignal firing = signals().get(0);
    assertThat(firing.rule()).isEqualTo("order_sla_breach");
    assertThat(firing.labels())
        .isEqualTo(Map.of("warehouse", "ams-1", "region", "eu", "order", "o-1"));
    assertThat(firing.severity()).isEqualTo(com.opsmon.model.alerts.Severity.WARNING);
    assertThat(firing.runbookUrl()).isEqualTo("docs/runbooks/order_sla_breach.md");
    assertThat(firing.summary()).contains("o-1", "ams-1", "4h");
  }

  @Test
  void shouldHoldEachWarehouseToItsOwnSla() throws Exception {
    event(EventType.ORDER_CREATED, "o-1", T0, "nyc-1", "us");

    watermark(DUE);
    assertThat(signals()).isEmpty();

    watermark(T0.plus(NYC_SLA));
    assertThat(alerts()).containsExactly("FIRING " + T0.plus(NYC_SLA) + "..");
  }

  @Test
  void shouldDeleteTheSlaTimerWhenTheOrderShipsInTime() throws Exception {
    event(EventType.ORDER_CREATED, "o-1", T0);
    assertThat(harness.numEventTimeTimers()).isEqualTo(2); // the SLA, and forgetting the order

    event(EventType.ORDER_SHIPPED, "o-1", T0.plus(Duration.ofHours(2)));
    assertThat(harness.numEventTimeTimers()).isEqualTo(1); // forgetting it, a week after shipping
    watermark(DUE.plus(Duration.ofHours(1)));

    assertThat(signals()).isEmpty();
    assertThat(facts()).containsExactly("SHIPPED=7200@PT2H");
    assertThat(backlog()).containsExactly("+1@PT0S", "-1@PT2H");
  }

  @Test
  void shouldResolveTheBreachWhenTheOrderShipsAfterIt() throws Exception {
    event(EventType.ORDER_CREATED, "o-1", T0);
    watermark(DUE);

    Instant shipped = T0.plus(Duration.ofHours(5));
    event(EventType.ORDER_SHIPPED, "o-1", shipped);

    assertThat(alerts())
        .containsExactly("FIRING " + DUE + "..", "RESOLVED " + DUE + ".." + shipped);
    assertThat(signals().get(1).summary()).contains("shipped 5h after it was created, 1h past");
    assertThat(facts()).containsExactly("SLA_BREACH=1@PT4H", "SHIPPED=18000@PT5H");
  }

  @Test
  void shouldResolveTheBreachWhenTheOrderIsCancelledAfterIt() throws Exception {
    event(EventType.ORDER_CREATED, "o-1", T0);
    watermark(DUE);

    event(EventType.ORDER_CANCELLED, "o-1", DUE.plusSeconds(60));

    assertThat(alerts())
        .containsExactly("FIRING " + DUE + "..", "RESOLVED " + DUE + ".." + DUE.plusSeconds(60));
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void shouldSignalTheBreachAndItsEndTogetherWhenAShipmentJustPastTheDueTimeArrivesFirst()
      throws Exception {
    event(EventType.ORDER_CREATED, "o-1", T0);
    watermark(DUE.minusSeconds(10));
    event(EventType.ORDER_SHIPPED, "o-1", DUE.plusSeconds(2));
    assertThat(signals()).isEmpty();

    watermark(DUE);

    assertThat(alerts())
        .containsExactly("FIRING " + DUE + "..", "RESOLVED " + DUE + ".." + DUE.plusSeconds(2));
    assertThat(facts()).containsExactly("SHIPPED=14402@PT4H2S", "SLA_BREACH=1@PT4H");
  }

  @Test
  void shouldWithdrawABreachWhenAShipmentInTimeArrivesAfterItFired() throws Exception {
    event(EventType.ORDER_CREATED, "o-1", T0);
    watermark(DUE);

    // shipped a minute before the SLA expired, reported within the allowed lateness
    event(EventType.ORDER_SHIPPED, "o-1", DUE.minusSeconds(60));
    watermark(DUE.plusSeconds(1));

    assertThat(alerts()).containsExactly("FIRING " + DUE + "..", "RESOLVED " + DUE + ".." + DUE);
    assertThat(signals().get(1).summary()).contains("within its SLA after all");
    assertThat(facts())
        .containsExactly("SLA_BREACH=1@PT4H", "SHIPPED=14340@PT3H59M", "SLA_BREACH=-1@PT4H");
  }

  @Test
  void shouldReportAShipmentSeenBeforeItsCreationAtTheShipmentsOwnTime() throws Exception {
    watermark(T0.minusSeconds(5));
    event(EventType.ORDER_SHIPPED, "o-1", T0.plusSeconds(3));
    event(EventType.ORDER_CREATED, "o-1", T0);
    assertThat(facts()).isEmpty();

    watermark(T0.plusSeconds(60));

    assertThat(facts()).containsExactly("SHIPPED=3@PT3S");
    assertThat(backlog()).containsExactly("+1@PT0S", "-1@PT3S");
    assertThat(harness.numEventTimeTimers()).isEqualTo(1); // forgetting it, a week after shipping
  }

  @Test
  void shouldDropTheStateOfADeliveredOrder() throws Exception {
    event(EventType.ORDER_CREATED, "o-1", T0);
    event(EventType.PAYMENT_AUTHORIZED, "o-1", T0.plusSeconds(2));
    event(EventType.ORDER_PICKED, "o-1", T0.plus(Duration.ofHours(1)));
    event(EventType.ORDER_SHIPPED, "o-1", T0.plus(Duration.ofHours(2)));
    event(EventType.ORDER_DELIVERED, "o-1", T0.plus(Duration.ofHours(30)));

    assertThat(facts()).containsExactly("SHIPPED=7200@PT2H", "DELIVERED=108000@PT30H");
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void shouldDropTheStateOfACancelledOrderAndOfOneWhosePaymentFailed() throws Exception {
    event(EventType.ORDER_CREATED, "o-1", T0);
    event(EventType.ORDER_CANCELLED, "o-1", T0.plus(Duration.ofMinutes(20)));
    event(EventType.ORDER_CREATED, "o-2", T0);
    event(EventType.PAYMENT_FAILED, "o-2", T0.plusSeconds(3));
    watermark(DUE.plus(Duration.ofHours(1)));

    assertThat(backlog()).containsExactly("+1@PT0S", "-1@PT20M", "+1@PT0S", "-1@PT3S");
    assertThat(signals()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void shouldTouchNoStateForEventsFulfilmentDoesNotUse() throws Exception {
    event(EventType.PAYMENT_AUTHORIZED, "o-1", T0);
    event(EventType.ORDER_RETURNED, "o-2", T0);

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void shouldForgetAnAbandonedOrderAfterTheRetentionAndTakeItOutOfTheBacklog() throws Exception {
    event(EventType.ORDER_CREATED, "o-1", T0);
    watermark(T0.plus(RETENTION).minusMillis(1));
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

    watermark(T0.plus(RETENTION));

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(backlog()).containsExactly("+1@PT0S", "-1@PT168H");
    assertThat(alerts())
        .containsExactly("FIRING " + DUE + "..", "RESOLVED " + DUE + ".." + T0.plus(RETENTION));
  }

  @Test
  void shouldForgetAShipmentWhoseOrderNeverAppearsOnceItsCreationCouldNoLongerCount()
      throws Exception {
    event(EventType.ORDER_SHIPPED, "o-1", T0);
    watermark(T0.plus(LATENESS).minusMillis(1));
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

    watermark(T0.plus(LATENESS));

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(facts()).isEmpty();
    assertThat(backlog()).isEmpty();
  }

  @Test
  void shouldExpireAnAbandonedOrderAfterTheTtlEvenWhenEventTimeStandsStill() throws Exception {
    harness.setStateTtlProcessingTime(0);
    event(EventType.ORDER_CREATED, "o-1", T0);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

    harness.setStateTtlProcessingTime(RETENTION.plusDays(1).toMillis());

    // o-1 is gone: its shipment finds no order to time, and waits for one as any stray shipment
    Instant shipped = T0.plus(Duration.ofHours(1));
    event(EventType.ORDER_SHIPPED, "o-1", shipped);
    assertThat(facts()).isEmpty();
    assertThat(backlog()).containsExactly("+1@PT0S");
    watermark(shipped.plus(LATENESS));
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void shouldDeadLetterAnEventTooLateForItsWindowsButStillMoveItsOrderOn() throws Exception {
    event(EventType.ORDER_CREATED, "o-1", T0);
    watermark(T0.plus(Duration.ofHours(3)));

    event(EventType.ORDER_SHIPPED, "o-1", T0.plus(Duration.ofHours(1)));
    watermark(DUE.plus(Duration.ofHours(1)));

    assertThat(side(TrackOrders.TOO_LATE))
        .extracting(r -> r.getValue().type())
        .containsExactly(EventType.ORDER_SHIPPED);
    assertThat(facts()).isEmpty();
    assertThat(backlog()).containsExactly("+1@PT0S", "-1@PT1H");
    assertThat(signals()).isEmpty();
  }

  @Test
  void shouldStillReportABreachItsLateShipmentProvesWhenTheInputEndsFirst() throws Exception {
    event(EventType.ORDER_CREATED, "o-1", T0);
    watermark(DUE.minusSeconds(10));
    event(EventType.ORDER_SHIPPED, "o-1", DUE.plusSeconds(2));

    harness.processWatermark(Long.MAX_VALUE);

    assertThat(alerts())
        .containsExactly("FIRING " + DUE + "..", "RESOLVED " + DUE + ".." + DUE.plusSeconds(2));
    assertThat(facts()).containsExactly("SHIPPED=14402@PT4H2S", "SLA_BREACH=1@PT4H");
  }

  @Test
  void shouldNotCallAnSlaMissedWhenTheInputEndsBeforeItsDueTime() throws Exception {
    event(EventType.ORDER_CREATED, "o-1", T0);

    harness.processWatermark(Long.MAX_VALUE);

    assertThat(signals()).isEmpty();
    assertThat(facts()).isEmpty();
    assertThat(backlog()).containsExactly("+1@PT0S");
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void shouldCountAnOrderAwaitingShipmentFromItsPickUntilItShips() throws Exception {
    event(EventType.ORDER_CREATED, "o-1", T0);
    event(EventType.ORDER_PICKED, "o-1", T0.plus(Duration.ofMinutes(40)));
    event(EventType.ORDER_PICKED, "o-1", T0.plus(Duration.ofMinutes(45))); // a repeat: no news
    event(EventType.ORDER_SHIPPED, "o-1", T0.plus(Duration.ofMinutes(100)));

    assertThat(awaitingShipment()).containsExactly("+1@PT40M", "-1@PT1H40M");
    assertThat(backlog()).containsExactly("+1@PT0S", "-1@PT1H40M");
  }

  @Test
  void shouldCountAPickSeenBeforeItsCreationOrAfterItsShipmentAtItsOwnTime() throws Exception {
    event(EventType.ORDER_PICKED, "o-1", T0.plus(Duration.ofMinutes(40)));
    assertThat(awaitingShipment()).isEmpty(); // where it belongs is the creation's to say
    event(EventType.ORDER_CREATED, "o-1", T0);
    assertThat(awaitingShipment()).containsExactly("+1@PT40M");

    event(EventType.ORDER_CREATED, "o-2", T0);
    event(EventType.ORDER_SHIPPED, "o-2", T0.plus(Duration.ofMinutes(90)));
    event(EventType.ORDER_PICKED, "o-2", T0.plus(Duration.ofMinutes(30)));
    assertThat(awaitingShipment()).containsExactly("+1@PT40M", "+1@PT30M", "-1@PT1H30M");
  }

  @Test
  void shouldNotCountAPickReportedAfterTheOrderLeft() throws Exception {
    event(EventType.ORDER_CREATED, "o-1", T0);
    event(EventType.ORDER_CANCELLED, "o-1", T0.plus(Duration.ofMinutes(10)));
    event(EventType.ORDER_PICKED, "o-1", T0.plus(Duration.ofMinutes(20)));

    assertThat(awaitingShipment()).isEmpty();
  }

  @Test
  void shouldTakeAnOrderStillUnshippedAtTheDispatchHorizonOutOfTheQueue() throws Exception {
    event(EventType.ORDER_CREATED, "o-1", T0);
    event(EventType.ORDER_PICKED, "o-1", T0.plus(Duration.ofMinutes(40)));
    watermark(T0.plus(Duration.ofMinutes(40)).plus(FulfilmentSettings.DISPATCH_HORIZON));
    assertThat(awaitingShipment()).containsExactly("+1@PT40M", "-1@PT4H40M");

    // its shipment, reported late, was in time after all: it left the queue then
    event(EventType.ORDER_SHIPPED, "o-1", T0.plus(Duration.ofHours(3)));
    assertThat(awaitingShipment())
        .containsExactly("+1@PT40M", "-1@PT4H40M", "+1@PT4H40M", "-1@PT3H");
    assertThat(backlog()).containsExactly("+1@PT0S", "-1@PT3H");
  }

  @Test
  void shouldNotMoveAnOrderShippedAfterTheHorizonAgain() throws Exception {
    event(EventType.ORDER_CREATED, "o-1", T0);
    event(EventType.ORDER_PICKED, "o-1", T0.plus(Duration.ofMinutes(40)));
    event(EventType.ORDER_SHIPPED, "o-1", T0.plus(Duration.ofHours(6)));
    watermark(T0.plus(Duration.ofHours(7)));

    assertThat(awaitingShipment()).containsExactly("+1@PT40M", "-1@PT4H40M");
  }

  @Test
  void shouldNotCallAnOrderStuckWhenTheInputEndsBeforeTheHorizon() throws Exception {
    event(EventType.ORDER_CREATED, "o-1", T0);
    event(EventType.ORDER_PICKED, "o-1", T0.plus(Duration.ofMinutes(40)));
    watermark(Instant.ofEpochMilli(Long.MAX_VALUE));

    assertThat(awaitingShipment()).containsExactly("+1@PT40M");
  }
}
