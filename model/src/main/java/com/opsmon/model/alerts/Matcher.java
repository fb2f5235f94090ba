package com.opsmon.model.alerts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher as Alertmanager writes it: {@code name="value"}, {@code name!="value"}, {@code
 * name=~"regex"} or {@code name!~"regex"}. A regex must match the whole value; a missing label
 * reads as the empty string (so {@code name=""} matches alerts without the label).
 */
public record Matcher(String name, Op op, String value) {
  /** How a matcher compares. */
  public enum Op {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEX("=~"),
    NOT_REGEX("!~");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  private static final Pattern SYNTAX =
      Pattern.compile(
          "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^\"]*?)\\s*");

  public Matcher {
    if (name == null || name.isBlank() || op == null || value == null) {
      throw new IllegalArgumentException("a matcher needs a label name, an operator and a value");
    }
    if (op == Op.REGEX || op == Op.NOT_REGEX) {
      try {
        Pattern.compile(value);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "not a regular expression in " + name + op.symbol + ": " + e.getDescription(), e);
      }
    }
  }

  public static Matcher equal(String name, String value) {
    return new Matcher(name, Op.EQUAL, value);
  }

  /** Reads {@code name="value"} and its three other forms; the quotes are optional. */
  @JsonCreator
  public static Matcher parse(String text) {
    java.util.regex.Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a matcher: '"
              + text
              + "' (write e.g. region=\"eu\", severity!=\"info\", "
              + "service=~\"pay.*\")");
    }
    String raw = m.group(3);
    String value =
        raw.startsWith("\"")
            ? raw.substring(1, raw.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\")
            : raw;
    Op op =
        switch (m.group(2)) {
          case "=" -> Op.EQUAL;
          case "!=" -> Op.NOT_EQUAL;
          case "=~" -> Op.REGEX;
          default -> Op.NOT_REGEX;
        };
    return new Matcher(m.group(1), op, value);
  }

  public boolean matches(Map<String, String> labels) {
    String actual = labels.getOrDefault(name, "");
    return switch (op) {
      case EQUAL -> actual.equals(value);
      case NOT_EQUAL -> !actual.equals(value);
      case REGEX -> pattern().matcher(actual).matches();
      case NOT_REGEX -> !pattern().matcher(actual).matches();
    };
  }

  /** True when every matcher matches. */
  public static boolean all(Iterable<Matcher> matchers, Map<String, String> labels) {
    for (Matcher matcher : matchers) {
      if (!matcher.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  @JsonIgnore
  private Pattern pattern() {
    return Pattern.compile(value);
  }

  @JsonValue
  @Override
  public String toString() {
    return name + op.symbol() + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
