package com.opsmon.launcher.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When to take the checkpoints that commit each minute's KPIs and alert signals as soon as they are
 * out. Live, a minute closes on the wall clock: its windows fire once the watermark passes it,
 * out-of-orderness after its end, and the rules judge it a moment later. Their output is committed
 * only by the next checkpoint, which the periodic schedule places anywhere in its interval, the
 * same place every minute; a few checkpoints just after that moment commit it without that wait.
 * Replayed events close their minutes at other times, and lose nothing but these checkpoints' small
 * cost.
 */
final class MinuteCloseCheckpoints {
  /**
   * After the out-of-orderness: the first once the watermark's period and a few network hops have
   * brought the minute to the rules, the others for minutes that take a little longer, until the
   * periodic checkpoint would have come on average.
   */
  static final List<Duration> AFTER_OUT_OF_ORDERNESS =
      List.of(
          Duration.ofMillis(300),
          Duration.ofMillis(700),
          Duration.ofMillis(1100),
          Duration.ofMillis(1500));

  private static final long MINUTE = 60_000;

  private MinuteCloseCheckpoints() {}

  /** The checkpoints' offsets from the start of each minute. */
  static List<Duration> offsets(Duration outOfOrderness) {
    return AFTER_OUT_OF_ORDERNESS.stream().map(outOfOrderness::plus).toList();
  }

  /** The first moment after {@code now} that lies at one of {@code offsets} into a minute. */
  static Instant next(Instant now, List<Duration> offsets) {
    long t = now.toEpochMilli();
    long best = Long.MAX_VALUE;
    for (Duration offset : offsets) {
      long phase = Math.floorMod(offset.toMillis(), MINUTE);
      long candidate = Math.floorDiv(t - phase, MINUTE) * MINUTE + phase;
      if (candidate <= t) {
        candidate += MINUTE;
      }
      best = Math.min(best, candidate);
    }
    return Instant.ofEpochMilli(best);
  }
}
