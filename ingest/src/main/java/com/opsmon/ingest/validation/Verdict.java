package com.opsmon.ingest.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.events.EventType;
import java.time.Instant;

/** The validator's answer for one payload: a normalised event, or the reason it was refused. */
public sealed interface Verdict {

  /**
   * A valid event, normalised; {@code key} is its entity id (the Kafka key). Unknown fields are
   * still in {@code event}; {@code json} is {@code event} as JSON text, written by the validator
   * (an event that cannot be written is not valid).
   */
  record Valid(
      EventType type, String eventId, String key, Instant occurredAt, ObjectNode event, String json)
      implements Verdict {}

  record Invalid(DeadLetterReason reason, String detail) implements Verdict {}
}
