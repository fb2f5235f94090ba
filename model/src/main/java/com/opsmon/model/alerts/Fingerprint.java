package com.opsmon.model.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** The identity of an alert: a stable hash of its rule and labels, independent of label order. */
public final class Fingerprint {
  private Fingerprint() {}

  public static String of(String rule, Map<String, String> labels) {
    StringBuilder canonical = new StringBuilder(rule);
    new TreeMap<>(labels)
        .forEach((k, v) -> canonical.append('\u0000').append(k).append('=').append(v));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
