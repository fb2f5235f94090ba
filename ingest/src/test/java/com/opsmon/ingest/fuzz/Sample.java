package com.opsmon.ingest.fuzz;

import java.nio.charset.StandardCharsets;

/**
 * One generated input and what the monitor must make of it: {@code good} ones are contract events
 * (a {@code duplicate} is a resend of an earlier good one), the rest must be refused.
 */
public record Sample(String kind, byte[] bytes, boolean good, boolean duplicate, String eventId) {
  static Sample good(String kind, String json, String eventId) {
    return new Sample(kind, json.getBytes(StandardCharsets.UTF_8), true, false, eventId);
  }

  static Sample bad(String kind, byte[] bytes) {
    return new Sample(kind, bytes, false, false, null);
  }

  static Sample bad(String kind, String text) {
    return bad(kind, text.getBytes(StandardCharsets.UTF_8));
  }

  Sample resent() {
    return new Sample(kind + "-resent", bytes, true, true, eventId);
  }

  @Override
  public String toString() {
    return kind + ":" + new String(bytes, 0, Math.min(bytes.length, 120), StandardCharsets.UTF_8);
  }
}
