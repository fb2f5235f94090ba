package com.opsmon.ingest.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.events.EventType;
import com.opsmon.model.json.Json;
import java.time.Instant;

/** The validator's answer for one payload: a normalised event, or the reason it was refused. */
public sealed interface Verdict {

  /**
   * A valid event, normalised; {@code key} is its entity id (the Kafka key). Unknown fields are
   * still in {@code event}.
   */
  record Valid(EventType type, String eventId, String key, Instant occurredAt, ObjectNode event)
      implements Verdict {
    public String json() {
      return Json.write(event);
    }
  }

  record Invalid(DeadLetterReason reason, String detail) implements Verdict {}
}
