package com.opsmon.ingest.validation;

import java.time.Duration;

/**
 * Limits the validator enforces beyond the field contract.
 *
 * @param maxClockSkew how far in the future an event time may lie (producers' clocks drift)
 * @param maxEventBytes the largest single event accepted
 */
public record ValidationRules(Duration maxClockSkew, int maxEventBytes) {
  public static final ValidationRules DEFAULTS =
      new ValidationRules(Duration.ofMinutes(5), 64 * 1024);
}
