package com.opsmon.ingest.validation;

import static com.opsmon.model.deadletter.DeadLetterReason.FUTURE_TIMESTAMP;
import static com.opsmon.model.deadletter.DeadLetterReason.INVALID_VALUE;
import static com.opsmon.model.deadletter.DeadLetterReason.MALFORMED_JSON;
import static com.opsmon.model.deadletter.DeadLetterReason.NOT_AN_OBJECT;
import static com.opsmon.model.deadletter.DeadLetterReason.TOO_LARGE;
import static com.opsmon.model.deadletter.DeadLetterReason.UNKNOWN_EVENT_TYPE;
import static com.opsmon.model.deadletter.DeadLetterReason.WRONG_TYPE;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.opsmon.model.events.EventType;
import com.opsmon.model.json.IsoInstants;
import com.opsmon.model.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether one payload is a valid event and normalises it: a pure function of the payload,
 * the rules and "now". Schema and type checks, required fields per type, enumerations, value
 * ranges, clock skew; strings trimmed, codes lower-cased, currencies upper-cased, amounts in minor
 * units converted, event time rewritten in UTC. Unknown fields are kept.
 */
public final class EventValidator {
  /** Events before this are certainly a producer bug (a zero or seconds-for-millis timestamp). */
  static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  /** The largest scale (either sign) Jackson writes a BigDecimal with in plain notation. */
  static final int MAX_PLAIN_SCALE = 9999;

  private static final ObjectReader READER =
      Json.mapper()
          .reader()
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final ValidationRules rules;

  public EventValidator(ValidationRules rules) {
    this.rules = rules;
  }

  public Verdict validate(byte[] payload, Instant now) {
    if (payload == null || payload.length == 0) {
      return new Verdict.Invalid(MALFORMED_JSON, "empty payload");
    }
    if (payload.length > rules.maxEventBytes()) {
      return new Verdict.Invalid(
          TOO_LARGE,
          "event is " + payload.length + " bytes; the limit is " + rules.maxEventBytes());
    }
    JsonNode node;
    try {
      node = READER.readTree(payload);
    } catch (StreamConstraintsException e) {
      return new Verdict.Invalid(TOO_LARGE, firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      return new Verdict.Invalid(MALFORMED_JSON, "not valid JSON: " + firstLine(describe(e)));
    }
    if (node == null || node.isMissingNode()) {
      return new Verdict.Invalid(MALFORMED_JSON, "empty payload");
    }
    return validate(node, now);
  }

  /** Validates an already parsed node; the node is normalised in place when it is an object. */
  public Verdict validate(JsonNode node, Instant now) {
    if (!node.isObject()) {
      return new Verdict.Invalid(
          NOT_AN_OBJECT, "an event must be a JSON object, not " + FieldRule.kind(node));
    }
    ObjectNode event = (ObjectNode) node;
    try {
      EventType type = type(event);
      String eventId = eventId(event);
      Instant occurredAt = occurredAt(event, now);
      for (FieldRule rule : EventSchemas.rulesFor(type)) {
        rule.apply(event);
      }
      String key = event.get(type.entityIdField()).textValue();
      return new Verdict.Valid(type, eventId, key, occurredAt, event, written(event));
    } catch (Rejection r) {
      return new Verdict.Invalid(r.reason, r.getMessage());
    }
  }

  private static EventType type(ObjectNode event) throws Rejection {
    JsonNode node = event.get("type");
    if (node == null || node.isNull()) {
      throw new Rejection(UNKNOWN_EVENT_TYPE, "type is required");
    }
    if (!node.isTextual()) {
      throw new Rejection(WRONG_TYPE, "type must be a string, not " + FieldRule.kind(node));
    }
    String name = node.textValue().strip().toLowerCase(Locale.ROOT);
    Optional<EventType> type = EventType.fromWireName(name);
    if (type.isEmpty()) {
      throw new Rejection(
          UNKNOWN_EVENT_TYPE, "unknown event type '" + FieldRule.abbreviate(name) + "'");
    }
    event.put("type", name);
    return type.get();
  }

  private static String eventId(ObjectNode event) throws Rejection {
    FieldRule.id("eventId").apply(event);
    return event.get("eventId").textValue();
  }

  private Instant occurredAt(ObjectNode event, Instant now) throws Rejection {
    String text = FieldRule.text(event, "occurredAt", true);
    Instant at;
    try {
      at = IsoInstants.parse(text);
    } catch (DateTimeParseException e) {
      throw new Rejection(
          INVALID_VALUE,
          "occurredAt must be an ISO-8601 instant such as 2026-11-25T10:03:00Z (got '"
              + FieldRule.abbreviate(text)
              + "')");
    }
    if (at.isBefore(EARLIEST)) {
      throw new Rejection(INVALID_VALUE, "occurredAt " + at + " is before " + EARLIEST);
    }
    if (at.isAfter(now.plus(rules.maxClockSkew()))) {
      throw new Rejection(
          FUTURE_TIMESTAMP,
          "occurredAt "
              + at
              + " is more than "
              + rules.maxClockSkew()
              + " ahead of the monitor's clock ("
              + now
              + ")");
    }
    event.put("occurredAt", at.toString());
    return at;
  }

  /**
   * The event as JSON text. Refusing here what cannot be written (a number whose exponent plain
   * notation cannot hold) keeps it from failing later, after it was counted or de-duplicated.
   */
  private static String written(ObjectNode event) throws Rejection {
    try {
      return Json.mapper().writeValueAsString(event);
    } catch (JsonProcessingException e) {
      String number = numberBeyondPlainScale(event, "");
      throw new Rejection(
          INVALID_VALUE,
          number == null
              ? "the event cannot be written back as JSON: " + firstLine(e.getOriginalMessage())
              : number
                  + " is a number with an exponent beyond ±"
                  + MAX_PLAIN_SCALE
                  + ", which cannot be written back as plain JSON");
    }
  }

  /** Where the first number JSON output cannot write in plain notation is, or null. */
  private static String numberBeyondPlainScale(JsonNode node, String path) {
    if (node.isBigDecimal()) {
      int scale = node.decimalValue().scale();
      return scale < -MAX_PLAIN_SCALE || scale > MAX_PLAIN_SCALE ? path : null;
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String name = FieldRule.abbreviate(field.getKey());
        String found =
            numberBeyondPlainScale(field.getValue(), path.isEmpty() ? name : path + "." + name);
        if (found != null) {
          return found;
        }
      }
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = numberBeyondPlainScale(node.get(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static String describe(IOException e) {
    return e instanceof JsonProcessingException jpe
        ? jpe.getOriginalMessage()
        : String.valueOf(e.getMessage());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
