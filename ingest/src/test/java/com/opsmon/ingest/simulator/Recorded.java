package com.opsmon.ingest.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.model.events.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A simulation reduced to the fields the tests look at, small enough to keep a simulated day of
 * events in memory.
 */
record Recorded(List<Fact> facts) {
  static Recorded run(SimulationSettings settings, java.time.Duration duration) {
    List<Fact> facts = new ArrayList<>();
    new RetailSimulator(settings)
        .advanceTo(settings.start().plus(duration), e -> facts.add(Fact.of(e)));
    return new Recorded(facts);
  }

  long count(Predicate<Fact> filter) {
    return facts.stream().filter(filter).count();
  }

  List<Fact> where(Predicate<Fact> filter) {
    return facts.stream().filter(filter).toList();
  }

  /** One event's type, time and the fields tests group by. */
  record Fact(
      EventType type,
      Instant at,
      String region,
      String warehouse,
      String sku,
      String service,
      int statusCode,
      double latencyMs,
      long quantity) {
    static Fact of(SimulatedEvent event) {
      JsonNode json = event.json();
      EventType type = EventType.fromWireName(json.get("type").textValue()).orElseThrow();
      long quantity =
          json.has("quantityDelta")
              ? json.get("quantityDelta").asLong()
              : json.path("onHand").asLong();
      return new Fact(
          type,
          event.occurredAt(),
          text(json, "region"),
          text(json, "warehouse"),
          text(json, "sku"),
          text(json, "service"),
          json.path("statusCode").asInt(),
          json.path("latencyMs").asDouble(),
          quantity);
    }

    boolean is(EventType type) {
      return this.type == type;
    }

    boolean within(Instant from, Instant to) {
      return !at.isBefore(from) && at.isBefore(to);
    }

    private static String text(JsonNode json, String field) {
      JsonNode node = json.get(field);
      return node == null ? null : node.textValue();
    }
  }
}
