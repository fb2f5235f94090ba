package com.opsmon.model.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.model.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventsTest {
  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** The tree-then-record reading the decoder used before reading records straight. */
  private static Event throughATree(String json) throws Exception {
    JsonNode node = Json.mapper().readTree(json);
    EventType type = EventType.fromWireName(node.get("type").asText()).orElseThrow();
    return Json.mapper().treeToValue(node, type.recordType());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"type\":\"order_created\",\"eventId\":\"e1\",\"occurredAt\":\"2026-11-10T00:05:22.048Z\","
            + "\"orderId\":\"o1\",\"region\":\"us\",\"channel\":\"marketplace\",\"warehouse\":\"nyc-1\","
            + "\"amount\":10.990,\"currency\":\"USD\","
            + "\"items\":[{\"sku\":\"sku-1001\",\"quantity\":1,\"unitPrice\":10.99}]}",
        "{\"items\":[{\"type\":\"not this one\",\"sku\":\"sku-1\",\"quantity\":2,\"unitPrice\":1}],"
            + "\"meta\":{\"type\":{\"nested\":true}},\"type\":\"order_created\",\"eventId\":\"e2\","
            + "\"occurredAt\":\"2026-11-10T01:05:22+01:00\",\"orderId\":\"o2\",\"amount\":5}",
        "{\"type\":\"payment_failed\",\"eventId\":\"e3\",\"occurredAt\":\"2026-11-10T00:50:12.717Z\","
            + "\"orderId\":\"o3\",\"region\":\"eu\",\"amount\":58.48,\"currency\":\"EUR\","
            + "\"reason\":\"declined\",\"unknownField\":[1,2,{\"a\":null}]}",
        "{\"type\":\"service_call\",\"eventId\":\"e4\",\"occurredAt\":\"2026-11-10T00:00:04.206Z\","
            + "\"service\":\"search\",\"endpoint\":\"/search\",\"region\":\"us\",\"statusCode\":200,"
            + "\"latencyMs\":256.2}",
        "{\"type\":\"ticket_opened\",\"eventId\":\"e5\",\"occurredAt\":\"2026-11-10T00:11:06.597Z\","
            + "\"ticketId\":\"t1\",\"kind\":\"inquiry\",\"channel\":\"web\",\"region\":\"apac\"}",
        "{\"type\":\"checkout_started\",\"eventId\":\"e6\",\"occurredAt\":\"2026-11-10T00:02:13Z\","
            + "\"sessionId\":\"s1\",\"region\":\"us\",\"channel\":\"app\"}",
        "{\"type\":\"stock_sold\",\"eventId\":\"e7\",\"occurredAt\":\"2026-11-10T00:05:22.048Z\","
            + "\"sku\":\"sku-1001\",\"warehouse\":\"nyc-1\",\"quantityDelta\":-1,\"reorderPoint\":1107}",
      })
  void shouldReadEachFamilyIntoTheRecordATreeGave(String json) throws Exception {
    Event event = Events.parse(bytes(json));

    // the same numbers; a tree drops a decimal's trailing zeros, so 10.990 may come back as 10.99
    assertThat(event)
        .usingRecursiveComparison()
        .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
        .isEqualTo(throughATree(json));
    assertThat(event.getClass()).isEqualTo(event.type().recordType());
  }

  @Test
  void shouldFindTheTypeWhereverItIsAndReadTheEventTime() {
    Event event =
        Events.parse(
            bytes(
                "{\"eventId\":\"e\",\"sku\":\"s\",\"type\":\"stock_snapshot\","
                    + "\"occurredAt\":\"2026-11-10T00:00:00Z\",\"onHand\":3}"));

    assertThat(event).isInstanceOf(InventoryEvent.class);
    assertThat(event.type()).isEqualTo(EventType.STOCK_SNAPSHOT);
    assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-10T00:00:00Z"));
  }

  @Test
  void shouldSayWhyBytesAreNoEvent() {
    assertThatThrownBy(() -> Events.parse(bytes("{\"type\":\"order_created\",")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> Events.parse(bytes("{\"eventId\":\"e\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no event type");
    assertThatThrownBy(() -> Events.parse(bytes("{\"type\":7}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no event type");
    assertThatThrownBy(() -> Events.parse(bytes("[{\"type\":\"order_created\"}]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> Events.parse(bytes("{\"type\":\"order_teleported\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown event type 'order_teleported'");
    assertThatThrownBy(
            () ->
                Events.parse(
                    bytes(
                        "{\"type\":\"order_created\",\"occurredAt\":\"2026-11-10T00:00:00Z\","
                            + "\"amount\":\"a lot\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid order_created");
    assertThatThrownBy(
            () ->
                Events.parse(bytes("{\"type\":\"order_created\",\"orderId\":\"o\",\"amount\":1,}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON");
  }
}
