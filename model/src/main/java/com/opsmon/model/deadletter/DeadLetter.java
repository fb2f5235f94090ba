package com.opsmon.model.deadletter;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A record that could not be processed, kept with the reason so nobody has to guess.
 *
 * @param detail a human sentence naming the field and the problem
 * @param payload the original record text, unchanged (truncated only beyond the size limit)
 * @param source where it was rejected, e.g. {@code http}, {@code validator}, {@code kpi-job}
 * @param line the 1-based line (NDJSON) or array index + 1 in an HTTP body; null elsewhere
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
    DeadLetterReason reason,
    String detail,
    String payload,
    String source,
    Instant rejectedAt,
    Integer line) {}
