package com.opsmon.model.deadletter;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * A record that could not be processed, kept with the reason so nobody has to guess.
 *
 * @param detail a human sentence naming the field and the problem
 * @param payload the original record: UTF-8 text, or base64 when it was not valid UTF-8
 * @param payloadEncoding {@code null} for text, {@code base64} otherwise
 * @param payloadTruncated true when only the first {@link #MAX_PAYLOAD_BYTES} bytes are kept
 * @param source where it was rejected, e.g. {@code http}, {@code validator}, {@code kpi-job}
 * @param line the 1-based line (NDJSON) or array element in an HTTP body; null elsewhere
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
    DeadLetterReason reason,
    String detail,
    String payload,
    String payloadEncoding,
    Boolean payloadTruncated,
    String source,
    Instant rejectedAt,
    Integer line) {

  /** Beyond this, a dead letter keeps only the start of the payload. */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

  public static DeadLetter of(
      DeadLetterReason reason,
      String detail,
      byte[] payload,
      String source,
      Instant rejectedAt,
      Integer line) {
    byte[] kept = payload == null ? new byte[0] : payload;
    boolean truncated = kept.length > MAX_PAYLOAD_BYTES;
    if (truncated) {
      kept = Arrays.copyOf(kept, MAX_PAYLOAD_BYTES);
    }
    String text;
    String encoding = null;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(kept))
              .toString();
    } catch (CharacterCodingException e) {
      text = Base64.getEncoder().encodeToString(kept);
      encoding = "base64";
    }
    return new DeadLetter(
        reason, detail, text, encoding, truncated ? Boolean.TRUE : null, source, rejectedAt, line);
  }
}
