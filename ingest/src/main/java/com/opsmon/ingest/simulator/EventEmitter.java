package com.opsmon.ingest.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.opsmon.model.events.EventType;
import com.opsmon.model.json.Json;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Turns what happens in the world into contract events: {@code type}, a fresh {@code eventId},
 * {@code occurredAt}, the key taken from the type's entity field. Events of a region whose feed is
 * stopped by an incident are dropped. Events wait in an outbox until the consumer has accepted
 * them, so a consumer that throws gets the same event again on the next call.
 */
final class EventEmitter {
  private final Ids ids;
  private final IncidentEffects incidents;
  private final ArrayDeque<SimulatedEvent> outbox = new ArrayDeque<>();

  EventEmitter(Ids ids, IncidentEffects incidents) {
    this.ids = ids;
    this.incidents = incidents;
  }

  void emit(EventType type, long atMillis, World.Region region, Consumer<ObjectNode> fields) {
    String eventId = ids.event();
    if (incidents.feedStopped(region.code(), atMillis)) {
      return;
    }
    Instant at = Instant.ofEpochMilli(atMillis);
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("type", type.wireName());
    json.put("eventId", eventId);
    json.put("occurredAt", at.toString());
    fields.accept(json);
    outbox.addLast(new SimulatedEvent(json.get(type.entityIdField()).textValue(), json, at));
  }

  void drainTo(Consumer<SimulatedEvent> out) {
    while (!outbox.isEmpty()) {
      out.accept(outbox.peekFirst());
      outbox.removeFirst();
    }
  }
}
