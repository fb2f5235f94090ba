package com.opsmon.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.ingest.validation.Verdict;

/**
 * One event-sized piece of a request body: its 1-based line (NDJSON) or element number (JSON
 * array), its bytes, and either the parsed JSON or why it could not be parsed.
 */
record BodyItem(int line, byte[] raw, JsonNode parsed, Verdict.Invalid unreadable) {
  static BodyItem raw(int line, byte[] raw) {
    return new BodyItem(line, raw, null, null);
  }

  static BodyItem parsed(int line, byte[] raw, JsonNode node) {
    return new BodyItem(line, raw, node, null);
  }

  static BodyItem unreadable(int line, byte[] raw, Verdict.Invalid why) {
    return new BodyItem(line, raw, null, why);
  }
}
