package com.opsmon.ingest.http;

import com.opsmon.ingest.validation.Verdict;

/**
 * One event-sized piece of a request body: its 1-based line (NDJSON) or element number (JSON
 * array), its original bytes, and why it could not be cut out of the body if it could not.
 */
record BodyItem(int line, byte[] raw, Verdict.Invalid unreadable) {
  static BodyItem raw(int line, byte[] raw) {
    return new BodyItem(line, raw, null);
  }

  static BodyItem unreadable(int line, byte[] raw, Verdict.Invalid why) {
    return new BodyItem(line, raw, why);
  }
}
