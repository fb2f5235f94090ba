package com.opsmon.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.Severity;
import com.opsmon.model.events.EventType;
import com.opsmon.model.events.LineItem;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.json.Json;
import com.opsmon.model.json.JsonSerde;
import com.opsmon.model.kpi.KpiPoint;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {
  private static final Instant T0 = Instant.parse("2026-11-25T10:03:17.250Z");

  @Test
  void shouldReadOrderEventFromContractJsonKeepingDecimalsExact() {
    String json =
        """
        {"type":"order_created","eventId":"e-1","orderId":"o-1","occurredAt":"2026-11-25T10:03:17.250Z",
         "region":"eu","channel":"web","warehouse":"ams-1","amount":12.34,"currency":"EUR",
         "items":[{"sku":"sku-1","quantity":2,"unitPrice":6.17}],"coupon":"XMAS"}
        """;

    OrderEvent event = Json.read(json, OrderEvent.class);

    assertThat(event)
        .isEqualTo(
            new OrderEvent(
                EventType.ORDER_CREATED,
                "e-1",
                "o-1",
                T0,
                "eu",
                "web",
                "ams-1",
                new BigDecimal("12.34"),
                "EUR",
                List.of(new LineItem("sku-1", 2, new BigDecimal("6.17")))));
  }

  @Test
  void shouldWriteEventTypeAndInstantsAsTheContractSpellsThem() {
    OrderEvent event =
        new OrderEvent(
            EventType.PAYMENT_FAILED, "e-2", "o-2", T0, "us", null, null, null, null, null);

    assertThat(Json.write(event))
        .isEqualTo(
            "{\"type\":\"payment_failed\",\"eventId\":\"e-2\",\"orderId\":\"o-2\","
                + "\"occurredAt\":\"2026-11-25T10:03:17.250Z\",\"region\":\"us\"}");
  }

  @Test
  void shouldRoundTripKpiPointsAndAlertSignalsThroughTheKafkaSerde() {
    KpiPoint point =
        new KpiPoint(
            "revenue", T0, Duration.ofMinutes(1), Map.of("region", "eu", "currency", "EUR"), 99.5);
    AlertSignal signal =
        new AlertSignal(
            "orders_stopped",
            Map.of("region", "eu"),
            AlertStatus.FIRING,
            Severity.CRITICAL,
            "No orders from eu",
            0.0,
            "> 0 orders/min",
            T0,
            null,
            "https://runbooks/orders-stopped");

    JsonSerde<KpiPoint> kpiSerde = JsonSerde.of(KpiPoint.class);
    JsonSerde<AlertSignal> alertSerde = JsonSerde.of(AlertSignal.class);

    assertThat(kpiSerde.deserialize("t", kpiSerde.serialize("t", point))).isEqualTo(point);
    assertThat(alertSerde.deserialize("t", alertSerde.serialize("t", signal))).isEqualTo(signal);
    assertThat(new String(alertSerde.serialize("t", signal), StandardCharsets.UTF_8))
        .contains("\"status\":\"firing\"", "\"severity\":\"critical\"")
        .doesNotContain("endsAt");
  }

  @Test
  void shouldNameSeriesByTagsInNameOrder() {
    KpiPoint point =
        new KpiPoint(
            "revenue", T0, Duration.ofMinutes(1), Map.of("region", "eu", "currency", "EUR"), 1);

    assertThat(point.series()).isEqualTo("currency=EUR,region=eu");
    assertThat(point.replacementKey()).isEqualTo("revenue|currency=EUR,region=eu|PT1M|" + T0);
  }

  @Test
  void shouldRaiseSerializationExceptionNamingTheTopicForGarbage() {
    JsonSerde<KpiPoint> serde = JsonSerde.of(KpiPoint.class);

    assertThatThrownBy(() -> serde.deserialize("opsmon.kpis", "{not json".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("opsmon.kpis")
        .hasMessageContaining("KpiPoint");
  }

  @Test
  void shouldMapEveryWireNameBackToItsType() {
    for (EventType type : EventType.values()) {
      assertThat(EventType.fromWireName(type.wireName())).contains(type);
    }
    assertThat(EventType.fromWireName("order_teleported")).isEmpty();
  }
}
