package com.opsmon.model.events;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.opsmon.model.json.Json;
import java.io.IOException;

/** Reads an event of any type into its record, choosing the record by the {@code type} field. */
public final class Events {
  private Events() {}

  /**
   * @throws IllegalArgumentException if the bytes are not an event of a known type
   */
  public static Event parse(byte[] json) {
    EventType eventType = typeOf(json);
    try {
      // straight into the record: a tree first, then the record, cost twice the work per event
      return Json.mapper().readValue(json, eventType.recordType());
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a valid " + eventType.wireName() + ": " + e, e);
    }
  }

  /**
   * The top-level {@code type} field, found by reading tokens up to it: far cheaper than {@link
   * #parse}.
   *
   * @throws IllegalArgumentException if the bytes are not a JSON object with a known type
   */
  public static EventType typeOf(byte[] json) {
    try (JsonParser parser = Json.mapper().createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("no event type: not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("type".equals(field)) {
          if (value != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("no event type");
          }
          String type = parser.getText();
          return EventType.fromWireName(type)
              .orElseThrow(() -> new IllegalArgumentException("unknown event type '" + type + "'"));
        }
        parser.skipChildren();
      }
      throw new IllegalArgumentException("no event type");
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }
}
