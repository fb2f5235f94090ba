package com.opsmon.jobs.time;

/** Arithmetic on event time in epoch milliseconds, and what a watermark means. */
public final class EventTime {
  public static final long MINUTE = 60_000L;
  public static final long HOUR = 60 * MINUTE;
  public static final long DAY = 24 * HOUR;

  private EventTime() {}

  /** The start of the minute {@code t} falls in. */
  public static long minuteOf(long t) {
    return t - Math.floorMod(t, MINUTE);
  }

  /** The start of the hour {@code t} falls in. */
  public static long hourOf(long t) {
    return t - Math.floorMod(t, HOUR);
  }

  /**
   * True once a bounded input has ended or a job is drained ({@code stop --drain}): Flink then
   * sends the greatest watermark so every timer fires. That is no moment in time: nothing that
   * would only happen once real event time got there (an SLA expiring, a level carried into the
   * next minute) should be reported from it.
   */
  public static boolean endOfInput(long watermark) {
    return watermark == Long.MAX_VALUE;
  }

  /**
   * Whether an event at {@code t} is too late for the windows it falls in: the latest window
   * containing it was closed and dropped when the watermark passed its end plus the lateness.
   * Exactly Flink's own test ({@code maxTimestamp + allowedLateness <= watermark}) for a window
   * ending at {@code t}, so nothing this lets through is dropped by a window downstream.
   */
  public static boolean tooLate(long t, long allowedLatenessMs, long watermark) {
    return t + allowedLatenessMs <= watermark;
  }
}
