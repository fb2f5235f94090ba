package com.opsmon.ingest.http;

import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.deadletter.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The rejected events of one request beyond those written one by one: counted per reason, with the
 * first and last line, and written as one summary dead letter per reason — so one bad body cannot
 * write millions of dead letters, and nothing is rejected without a record of it.
 */
final class RejectedBeyondCap {
  private final Map<DeadLetterReason, int[]> byReason = new EnumMap<>(DeadLetterReason.class);

  void add(DeadLetterReason reason, int line) {
    int[] counts = byReason.computeIfAbsent(reason, r -> new int[] {0, line, line});
    counts[0]++;
    counts[2] = line;
  }

  List<DeadLetter> summaries(String source, Instant at) {
    List<DeadLetter> letters = new ArrayList<>();
    byReason.forEach(
        (reason, counts) -> {
          String detail =
              counts[0]
                  + " more events of this request were rejected as "
                  + reason.code()
                  + " (lines "
                  + counts[1]
                  + " to "
                  + counts[2]
                  + "); beyond the per-request cap they are summarised, not kept one by one";
          letters.add(
              DeadLetter.of(
                  reason, detail, detail.getBytes(StandardCharsets.UTF_8), source, at, counts[1]));
        });
    return letters;
  }
}
