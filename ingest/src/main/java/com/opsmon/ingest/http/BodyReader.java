package com.opsmon.ingest.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.opsmon.ingest.validation.Verdict;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Splits a request body into events, each with its original bytes: NDJSON (one event per line) or a
 * JSON array (one event per element), as the Content-Type says; without one, a body starting with
 * {@code [} is an array. A JSON body holding one object is one event; one where more follows the
 * first object is read as NDJSON. A broken line never affects its neighbours; a broken array loses
 * only the elements after the break, each reported. Whether an event is valid JSON is for the
 * validator to say, element by element.
 */
final class BodyReader {
  private BodyReader() {}

  static boolean isNdjson(String contentType, byte[] body) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (type.contains("ndjson")
        || type.contains("jsonl")
        || type.contains("json-seq")
        || type.contains("jsonlines")) {
      return true;
    }
    if (type.contains("json")) {
      return false;
    }
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return b != '[';
      }
    }
    return true;
  }

  /** A body holding more events than one request may. */
  static final class TooManyEvents extends RuntimeException {
    TooManyEvents(int max) {
      super("more than " + max + " events in one request; split it into smaller requests");
    }
  }

  static List<BodyItem> read(String contentType, byte[] body) {
    return read(contentType, body, Integer.MAX_VALUE);
  }

  /**
   * @throws TooManyEvents as soon as the body proves to hold more than {@code maxItems} events,
   *     before any more work is done on it
   */
  static List<BodyItem> read(String contentType, byte[] body, int maxItems) {
    return isNdjson(contentType, body) ? ndjson(body, maxItems) : json(body, maxItems);
  }

  static List<BodyItem> ndjson(byte[] body) {
    return ndjson(body, Integer.MAX_VALUE);
  }

  static List<BodyItem> ndjson(byte[] body, int maxItems) {
    List<BodyItem> items = new ArrayList<>();
    int line = 1;
    int start = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i == body.length || body[i] == '\n') {
        int end = i;
        if (end > start && body[end - 1] == '\r') {
          end--;
        }
        if (!isBlank(body, start, end)) {
          if (items.size() == maxItems) {
            throw new TooManyEvents(maxItems);
          }
          items.add(BodyItem.raw(line, Arrays.copyOfRange(body, start, end)));
        }
        line++;
        start = i + 1;
      }
    }
    return items;
  }

  /** A JSON body: an array of events, or one event. */
  static List<BodyItem> json(byte[] body) {
    return json(body, Integer.MAX_VALUE);
  }

  static List<BodyItem> json(byte[] body, int maxItems) {
    List<BodyItem> items = new ArrayList<>();
    int read = 0;
    try (JsonParser parser = Json.mapper().getFactory().createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return items;
      }
      if (parser.currentTokenLocation().getByteOffset() < 0) {
        // UTF-16 or UTF-32: the parser has no byte offsets to cut the events out with
        items.add(
            unreadable(1, body, DeadLetterReason.MALFORMED_JSON, "the body must be UTF-8 JSON"));
        return items;
      }
      if (first == JsonToken.START_OBJECT) {
        return oneObjectOrNdjson(parser, body, maxItems);
      }
      if (first != JsonToken.START_ARRAY) {
        items.add(
            unreadable(
                1,
                body,
                DeadLetterReason.NOT_AN_OBJECT,
                "the body must be a JSON array of events or NDJSON"));
        return items;
      }
      while (true) {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_ARRAY) {
          break;
        }
        if (token == null) {
          throw new IOException("the array is not closed");
        }
        if (read == maxItems) {
          throw new TooManyEvents(maxItems);
        }
        byte[] element = currentValue(parser, body);
        read++;
        items.add(BodyItem.raw(read, element));
      }
      if (parser.nextToken() != null) {
        items.add(
            unreadable(
                read + 1,
                body,
                DeadLetterReason.MALFORMED_JSON,
                "unexpected content after the closing ]"));
      }
    } catch (StreamConstraintsException e) {
      items.add(unreadable(read + 1, body, DeadLetterReason.TOO_LARGE, e.getOriginalMessage()));
    } catch (IOException e) {
      items.add(
          unreadable(
              read + 1,
              body,
              DeadLetterReason.MALFORMED_JSON,
              "the JSON array breaks at element "
                  + (read + 1)
                  + ", which and all after it were not read: "
                  + firstLine(e.getMessage())));
    }
    return items;
  }

  /**
   * A body sent as JSON that starts with an object: one event, unless more follows the object, in
   * which case it is NDJSON sent with the wrong Content-Type and every line counts.
   */
  private static List<BodyItem> oneObjectOrNdjson(JsonParser parser, byte[] body, int maxItems) {
    try {
      int start = (int) parser.currentTokenLocation().getByteOffset();
      parser.skipChildren();
      int end = (int) parser.currentLocation().getByteOffset();
      if (!isBlank(body, end, body.length)) {
        return ndjson(body, maxItems);
      }
      return List.of(BodyItem.raw(1, Arrays.copyOfRange(body, start, end)));
    } catch (IOException e) {
      // not even one object: the validator says what is wrong with it
      return List.of(BodyItem.raw(1, body));
    }
  }

  /** The bytes of the value the parser is at, exactly as sent; leaves the parser at its end. */
  private static byte[] currentValue(JsonParser parser, byte[] body) throws IOException {
    int start = (int) parser.currentTokenLocation().getByteOffset();
    parser.skipChildren();
    // a string's text is read lazily: without this, its end is not known yet
    parser.finishToken();
    int end = (int) parser.currentLocation().getByteOffset();
    return Arrays.copyOfRange(body, start, end);
  }

  private static BodyItem unreadable(
      int line, byte[] body, DeadLetterReason reason, String detail) {
    return BodyItem.unreadable(line, body, new Verdict.Invalid(reason, detail));
  }

  private static boolean isBlank(byte[] body, int start, int end) {
    for (int i = start; i < end; i++) {
      if (!Character.isWhitespace(body[i])) {
        return false;
      }
    }
    return true;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
