package com.opsmon.model.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.model.json.Json;

/** Reads an event of any type into its record, choosing the record by the {@code type} field. */
public final class Events {
  private Events() {}

  /**
   * @throws IllegalArgumentException if the bytes are not an event of a known type
   */
  public static Event parse(byte[] json) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    JsonNode type = node == null ? null : node.get("type");
    if (type == null || !type.isTextual()) {
      throw new IllegalArgumentException("no event type");
    }
    EventType eventType =
        EventType.fromWireName(type.asText())
            .orElseThrow(
                () -> new IllegalArgumentException("unknown event type '" + type.asText() + "'"));
    try {
      return Json.mapper().treeToValue(node, eventType.recordType());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not a valid " + eventType.wireName() + ": " + e, e);
    }
  }
}
