package com.opsmon.ingest.validation;

import static com.opsmon.ingest.validation.FieldRule.amount;
import static com.opsmon.ingest.validation.FieldRule.code;
import static com.opsmon.ingest.validation.FieldRule.currency;
import static com.opsmon.ingest.validation.FieldRule.id;
import static com.opsmon.ingest.validation.FieldRule.integer;
import static com.opsmon.ingest.validation.FieldRule.items;
import static com.opsmon.ingest.validation.FieldRule.number;
import static com.opsmon.ingest.validation.FieldRule.oneOf;
import static com.opsmon.ingest.validation.FieldRule.optionalId;

import com.opsmon.model.events.EventType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The field contract of every event type (docs/INGEST.md is its prose). Common fields ({@code
 * type}, {@code eventId}, {@code occurredAt}) are checked by {@link EventValidator} itself.
 */
final class EventSchemas {
  static final long MAX_QUANTITY = 10_000_000L;
  static final double MAX_LATENCY_MS = 3_600_000d;

  private static final Map<EventType, List<FieldRule>> RULES = new EnumMap<>(EventType.class);

  static {
    List<FieldRule> orderStep =
        List.of(
            id("orderId"),
            code("region", true),
            code("channel", false),
            code("warehouse", false),
            currency("currency", false),
            amount("amount", "currency", false),
            items("items", "currency"));
    RULES.put(
        EventType.ORDER_CREATED,
        List.of(
            id("orderId"),
            code("region", true),
            code("channel", false),
            code("warehouse", false),
            currency("currency", true),
            amount("amount", "currency", true),
            items("items", "currency")));
    for (EventType t :
        List.of(
            EventType.PAYMENT_AUTHORIZED,
            EventType.PAYMENT_FAILED,
            EventType.ORDER_DELIVERED,
            EventType.ORDER_CANCELLED,
            EventType.ORDER_RETURNED)) {
      RULES.put(t, orderStep);
    }
    List<FieldRule> fulfilmentStep =
        List.of(
            id("orderId"),
            code("region", true),
            code("channel", false),
            code("warehouse", true),
            currency("currency", false),
            amount("amount", "currency", false),
            items("items", "currency"));
    RULES.put(EventType.ORDER_PICKED, fulfilmentStep);
    RULES.put(EventType.ORDER_SHIPPED, fulfilmentStep);

    RULES.put(
        EventType.STOCK_RECEIVED,
        List.of(
            id("sku"),
            code("warehouse", true),
            integer("quantityDelta", true, 1, MAX_QUANTITY),
            reorderPoint()));
    RULES.put(
        EventType.STOCK_SOLD,
        List.of(
            id("sku"),
            code("warehouse", true),
            integer("quantityDelta", true, -MAX_QUANTITY, -1),
            reorderPoint()));
    RULES.put(
        EventType.STOCK_ADJUSTED,
        List.of(
            id("sku"),
            code("warehouse", true),
            integer("quantityDelta", true, -MAX_QUANTITY, MAX_QUANTITY),
            reorderPoint()));
    RULES.put(
        EventType.STOCK_SNAPSHOT,
        List.of(
            id("sku"),
            code("warehouse", true),
            integer("onHand", true, 0, MAX_QUANTITY),
            reorderPoint()));

    RULES.put(
        EventType.SERVICE_CALL,
        List.of(
            code("service", true),
            FieldRule.optionalId("endpoint"),
            code("region", false),
            integer("statusCode", true, 100, 599),
            number("latencyMs", true, 0, MAX_LATENCY_MS)));
    RULES.put(
        EventType.SERVICE_SAMPLE,
        List.of(
            code("service", true),
            FieldRule.optionalId("endpoint"),
            code("region", false),
            integer("count", true, 0, 1_000_000_000L),
            integer("errors", true, 0, 1_000_000_000L),
            errorsWithinCount(),
            number("latencyP50Ms", false, 0, MAX_LATENCY_MS),
            number("latencyP99Ms", false, 0, MAX_LATENCY_MS)));

    RULES.put(
        EventType.TICKET_OPENED,
        List.of(
            id("ticketId"),
            oneOf("kind", true, Set.of("inquiry", "complaint", "return_request")),
            code("channel", false),
            code("region", false),
            optionalId("orderId")));
    List<FieldRule> ticketStep =
        List.of(id("ticketId"), code("region", false), optionalId("orderId"));
    RULES.put(EventType.TICKET_FIRST_RESPONSE, ticketStep);
    RULES.put(EventType.TICKET_REOPENED, ticketStep);
    RULES.put(
        EventType.TICKET_RESOLVED,
        List.of(
            id("ticketId"),
            code("region", false),
            optionalId("orderId"),
            integer("satisfaction", false, 1, 5)));

    List<FieldRule> storefront =
        List.of(id("sessionId"), code("region", true), code("channel", false));
    RULES.put(EventType.SESSION_STARTED, storefront);
    RULES.put(EventType.CHECKOUT_STARTED, storefront);

    for (EventType t : EventType.values()) {
      if (!RULES.containsKey(t)) {
        throw new ExceptionInInitializerError("no field rules for " + t);
      }
    }
  }

  private EventSchemas() {}

  static List<FieldRule> rulesFor(EventType type) {
    return RULES.get(type);
  }

  private static FieldRule reorderPoint() {
    return integer("reorderPoint", false, 0, MAX_QUANTITY);
  }

  private static FieldRule errorsWithinCount() {
    return event -> {
      if (event.get("errors").asLong() > event.get("count").asLong()) {
        throw new Rejection(
            com.opsmon.model.deadletter.DeadLetterReason.INVALID_VALUE,
            "errors must not exceed count");
      }
    };
  }
}
