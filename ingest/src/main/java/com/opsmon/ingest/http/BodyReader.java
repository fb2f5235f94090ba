package com.opsmon.ingest.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.ingest.validation.Verdict;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a request body into events: NDJSON (one event per line) or a JSON array (one event per
 * element), as the Content-Type says; without one, a body starting with {@code [} is an array. A
 * broken line never affects its neighbours; a broken array loses only the elements after the break,
 * each reported.
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

  static List<BodyItem> read(String contentType, InputStream body) throws IOException {
    byte[] bytes = body.readAllBytes();
    return isNdjson(contentType, bytes) ? ndjson(bytes) : jsonArray(bytes);
  }

  static List<BodyItem> ndjson(byte[] body) {
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
          byte[] raw = new byte[end - start];
          System.arraycopy(body, start, raw, 0, raw.length);
          items.add(BodyItem.raw(line, raw));
        }
        line++;
        start = i + 1;
      }
    }
    return items;
  }

  static List<BodyItem> jsonArray(byte[] body) {
    List<BodyItem> items = new ArrayList<>();
    int read = 0;
    try (JsonParser parser = Json.mapper().getFactory().createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return items;
      }
      if (first == JsonToken.START_OBJECT) {
        // a single event posted as application/json
        JsonNode node = Json.mapper().readTree(parser);
        items.add(BodyItem.parsed(1, Json.writeBytes(node), node));
        return items;
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
        JsonNode node = Json.mapper().readTree(parser);
        read++;
        items.add(BodyItem.parsed(read, Json.writeBytes(node), node));
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
