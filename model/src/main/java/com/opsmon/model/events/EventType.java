package com.opsmon.model.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type the monitor understands, with its wire name and family. An event whose {@code
 * type} is not listed here is dead-lettered, never silently dropped.
 */
public enum EventType {
  ORDER_CREATED("order_created", EventCategory.ORDER, "orderId", OrderEvent.class),
  PAYMENT_AUTHORIZED("payment_authorized", EventCategory.ORDER, "orderId", OrderEvent.class),
  PAYMENT_FAILED("payment_failed", EventCategory.ORDER, "orderId", OrderEvent.class),
  ORDER_PICKED("order_picked", EventCategory.ORDER, "orderId", OrderEvent.class),
  ORDER_SHIPPED("order_shipped", EventCategory.ORDER, "orderId", OrderEvent.class),
  ORDER_DELIVERED("order_delivered", EventCategory.ORDER, "orderId", OrderEvent.class),
  ORDER_CANCELLED("order_cancelled", EventCategory.ORDER, "orderId", OrderEvent.class),
  ORDER_RETURNED("order_returned", EventCategory.ORDER, "orderId", OrderEvent.class),

  STOCK_RECEIVED("stock_received", EventCategory.INVENTORY, "sku", InventoryEvent.class),
  STOCK_SOLD("stock_sold", EventCategory.INVENTORY, "sku", InventoryEvent.class),
  STOCK_ADJUSTED("stock_adjusted", EventCategory.INVENTORY, "sku", InventoryEvent.class),
  STOCK_SNAPSHOT("stock_snapshot", EventCategory.INVENTORY, "sku", InventoryEvent.class),

  /** One request to a technical service behind checkout. */
  SERVICE_CALL("service_call", EventCategory.SERVICE, "service", ServiceCallEvent.class),
  /** A pre-aggregated sample of requests to one service endpoint. */
  SERVICE_SAMPLE("service_sample", EventCategory.SERVICE, "service", ServiceCallEvent.class),
  TICKET_OPENED("ticket_opened", EventCategory.SERVICE, "ticketId", TicketEvent.class),
  TICKET_FIRST_RESPONSE(
      "ticket_first_response", EventCategory.SERVICE, "ticketId", TicketEvent.class),
  TICKET_RESOLVED("ticket_resolved", EventCategory.SERVICE, "ticketId", TicketEvent.class),
  TICKET_REOPENED("ticket_reopened", EventCategory.SERVICE, "ticketId", TicketEvent.class),

  SESSION_STARTED("session_started", EventCategory.STOREFRONT, "sessionId", StorefrontEvent.class),
  CHECKOUT_STARTED(
      "checkout_started", EventCategory.STOREFRONT, "sessionId", StorefrontEvent.class);

  private static final Map<String, EventType> BY_WIRE_NAME =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(t -> t.wireName, Function.identity()));

  private final String wireName;
  private final EventCategory category;
  private final String entityIdField;
  private final Class<? extends Event> recordType;

  EventType(
      String wireName,
      EventCategory category,
      String entityIdField,
      Class<? extends Event> recordType) {
    this.wireName = wireName;
    this.category = category;
    this.entityIdField = entityIdField;
    this.recordType = recordType;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  public EventCategory category() {
    return category;
  }

  /** The field naming the entity this event is about; its value is the Kafka record key. */
  public String entityIdField() {
    return entityIdField;
  }

  /** The record an event of this type is parsed into. */
  public Class<? extends Event> recordType() {
    return recordType;
  }

  /** The type with this wire name, if the monitor knows it. */
  public static Optional<EventType> fromWireName(String wireName) {
    return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
  }

  @JsonCreator
  static EventType parse(String wireName) {
    return fromWireName(wireName)
        .orElseThrow(() -> new IllegalArgumentException("unknown event type: " + wireName));
  }
}
