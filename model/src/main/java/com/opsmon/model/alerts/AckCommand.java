package com.opsmon.model.alerts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An acknowledgement published by the API for the alerting app, keyed by fingerprint. The rule
 * travels along because the alerting app keeps every alert of a rule in one place.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AckCommand(String fingerprint, String rule, Ack ack) {}
