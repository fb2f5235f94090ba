package com.opsmon.model.kpi;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical text of a tag set: {@code name=value} pairs in name order, joined by commas, with
 * {@code \}, {@code ,} and {@code =} escaped by a backslash, so any tag set round-trips exactly.
 */
public final class SeriesKey {
  private SeriesKey() {}

  public static String encode(Map<String, String> tags) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(tags)
        .forEach(
            (name, value) -> {
              if (out.length() > 0) {
                out.append(',');
              }
              escape(name, out);
              out.append('=');
              escape(value, out);
            });
    return out.toString();
  }

  /**
   * The key of the tag set given as name, value, name, value...; the same text as {@link #encode},
   * built without a map (it is made for every event). A missing value reads {@code unknown}.
   */
  public static String of(String... namesAndValues) {
    int pairs = namesAndValues.length / 2;
    Integer[] order = new Integer[pairs];
    for (int i = 0; i < pairs; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> namesAndValues[2 * a].compareTo(namesAndValues[2 * b]));
    StringBuilder out = new StringBuilder(32);
    for (int i = 0; i < pairs; i++) {
      if (i > 0) {
        out.append(',');
      }
      escape(namesAndValues[2 * order[i]], out);
      out.append('=');
      String value = namesAndValues[2 * order[i] + 1];
      escape(value == null ? UNKNOWN : value, out);
    }
    return out.toString();
  }

  /** The value of a tag an event did not carry. */
  public static final String UNKNOWN = "unknown";

  public static Map<String, String> decode(String series) {
    if (series == null || series.isEmpty()) {
      return Collections.emptyMap();
    }
    Map<String, String> tags = new TreeMap<>();
    StringBuilder token = new StringBuilder();
    String name = null;
    for (int i = 0; i < series.length(); i++) {
      char c = series.charAt(i);
      if (c == '\\' && i + 1 < series.length()) {
        token.append(series.charAt(++i));
      } else if (c == '=' && name == null) {
        name = token.toString();
        token.setLength(0);
      } else if (c == ',') {
        tags.put(require(name, series), token.toString());
        name = null;
        token.setLength(0);
      } else {
        token.append(c);
      }
    }
    tags.put(require(name, series), token.toString());
    return tags;
  }

  private static String require(String name, String series) {
    if (name == null) {
      throw new IllegalArgumentException("not a series key: " + series);
    }
    return name;
  }

  private static void escape(String text, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' || c == ',' || c == '=') {
        out.append('\\');
      }
      out.append(c);
    }
  }
}
