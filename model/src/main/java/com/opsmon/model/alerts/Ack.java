package com.opsmon.model.alerts;

import java.time.Instant;

/**
 * A person's acknowledgement of a firing alert: no repeat notifications until the alert resolves or
 * {@code until} passes.
 */
public record Ack(String by, String comment, Instant at, Instant until) {}
