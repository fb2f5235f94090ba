package com.opsmon.ingest.simulator;

/**
 * When people shop, as a multiplier averaging 1: a daily curve in local time (quiet before dawn, a
 * lunch bump, the peak in the evening) times a weekly one (weekends busier than weekdays).
 */
final class Seasonality {
  static final long HOUR_MS = 3_600_000L;
  static final long DAY_MS = 24 * HOUR_MS;

  /** Relative traffic at each local hour o'clock; linear in between. */
  private static final double[] HOURLY = {
    0.45, 0.30, 0.20, 0.15, 0.13, 0.15, 0.25, 0.45, 0.70, 0.90, 1.00, 1.10,
    1.20, 1.10, 1.05, 1.05, 1.10, 1.25, 1.50, 1.75, 1.90, 1.80, 1.40, 0.90
  };

  /** The mean of the piecewise-linear cyclic curve is the mean of its corner values. */
  private static final double HOURLY_MEAN = mean(HOURLY);

  private static final double WEEKDAY = 0.95;
  private static final double WEEKEND = 1.125;

  private Seasonality() {}

  static double factor(long epochMillis, int utcOffsetHours) {
    long local = epochMillis + utcOffsetHours * HOUR_MS;
    return daily(Math.floorMod(local, DAY_MS) / (double) HOUR_MS)
        * weekly(Math.floorDiv(local, DAY_MS));
  }

  /** The local hour (0..24) of an instant in a zone {@code utcOffsetHours} from UTC. */
  static double localHour(long epochMillis, int utcOffsetHours) {
    return Math.floorMod(epochMillis + utcOffsetHours * HOUR_MS, DAY_MS) / (double) HOUR_MS;
  }

  static double daily(double localHour) {
    int hour = (int) localHour;
    double fraction = localHour - hour;
    return (HOURLY[hour % 24] * (1 - fraction) + HOURLY[(hour + 1) % 24] * fraction) / HOURLY_MEAN;
  }

  static double weekly(long epochDay) {
    // 1970-01-01 was a Thursday: shifting by 3 makes Monday 0 and Saturday 5
    int dayOfWeek = (int) Math.floorMod(epochDay + 3, 7L);
    return dayOfWeek >= 5 ? WEEKEND : WEEKDAY;
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
