package com.opsmon.ingest;

import java.time.Instant;

/** JSON text of contract events for tests, with named parameters instead of copy-pasted strings. */
public final class TestEvents {
  private TestEvents() {}

  public static String orderCreated(
      String eventId, String orderId, Instant at, String region, String amount, String currency) {
    return """
        {"type":"order_created","eventId":"%s","orderId":"%s","occurredAt":"%s","region":"%s","channel":"web","warehouse":"ams-1","amount":%s,"currency":"%s"}"""
        .formatted(eventId, orderId, at, region, amount, currency);
  }

  public static String stockSold(String eventId, String sku, Instant at, long delta) {
    return """
        {"type":"stock_sold","eventId":"%s","sku":"%s","warehouse":"ams-1","occurredAt":"%s","quantityDelta":%d}"""
        .formatted(eventId, sku, at, delta);
  }

  public static String serviceCall(String eventId, Instant at, int status, double latencyMs) {
    return """
        {"type":"service_call","eventId":"%s","service":"payments","endpoint":"/authorize","region":"eu","occurredAt":"%s","statusCode":%d,"latencyMs":%s}"""
        .formatted(eventId, at, status, latencyMs);
  }
}
