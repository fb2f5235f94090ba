package com.opsmon.model.deadletter;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a record was set aside instead of processed. */
public enum DeadLetterReason {
  /** Not parseable as JSON (truncated, invalid UTF-8, trailing garbage). */
  MALFORMED_JSON,
  /** JSON, but not an object. */
  NOT_AN_OBJECT,
  /** The body or line exceeds a configured size or nesting limit. */
  TOO_LARGE,
  /** {@code type} is absent or names no known event type. */
  UNKNOWN_EVENT_TYPE,
  /** A field the event type requires is absent or empty. */
  MISSING_FIELD,
  /** A field has the wrong JSON type (a string where a number belongs). */
  WRONG_TYPE,
  /** A field is of the right type but outside its allowed values or range. */
  INVALID_VALUE,
  /** The event time lies further in the future than the allowed clock skew. */
  FUTURE_TIMESTAMP,
  /** The event arrived after its window's allowed lateness had passed. */
  TOO_LATE,
  /** Processing failed unexpectedly; the record is kept here instead of stopping the pipeline. */
  PROCESSING_ERROR;

  @JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  static DeadLetterReason parse(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }
}
