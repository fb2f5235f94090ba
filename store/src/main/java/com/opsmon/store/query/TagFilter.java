package com.opsmon.store.query;

import java.util.List;

/**
 * A condition on one tag: equal to a value, one of several values, or (added by the query itself,
 * never asked for) not equal to a value.
 */
public record TagFilter(String tag, Op op, List<String> values) {
  /** How the tag is compared. */
  public enum Op {
    EQ,
    IN,
    NOT_EQ
  }

  public TagFilter {
    values = List.copyOf(values);
    if (values.isEmpty() || (op != Op.IN && values.size() != 1)) {
      throw new IllegalArgumentException(op + " on '" + tag + "' needs its value(s)");
    }
  }

  public static TagFilter eq(String tag, String value) {
    return new TagFilter(tag, Op.EQ, List.of(value));
  }

  public static TagFilter in(String tag, List<String> values) {
    return new TagFilter(tag, Op.IN, values);
  }

  public static TagFilter notEq(String tag, String value) {
    return new TagFilter(tag, Op.NOT_EQ, List.of(value));
  }
}
