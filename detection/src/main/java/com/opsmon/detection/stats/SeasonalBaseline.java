package com.opsmon.detection.stats;

import java.io.Serializable;

/**
 * Additive level + seasonal profile (Holt–Winters without trend), with the profile kept in buckets
 * of the time within the period (hour of day, hour of week...), so it is learned from timestamps
 * and tolerates irregular sampling. Updates are Huber-clipped, so the outliers being detected
 * barely move it. A profile bucket never seen is read from its seen neighbours within half a
 * sampling interval.
 */
public final class SeasonalBaseline implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long periodMillis;
  private final long bucketMillis;
  // floats: ample precision for a profile, and half the state of a series
  private final float[] profile;
  private final int[] visits;
  private final float[] spread;
  private double lastSpread;
  private int lastSpreadVisits;
  private final double levelRate;
  private final double profileMemory;
  private double level = Double.NaN;
  private long firstMillis;
  private double lastSeason;
  private boolean lastKnown;

  /**
   * @param periodMillis the season (a day, a week)
   * @param buckets profile buckets in one period
   * @param levelRate EWMA weight of a point in the level
   * @param profileMemory how many periods a bucket remembers
   */
  public SeasonalBaseline(long periodMillis, int buckets, double levelRate, double profileMemory) {
    this.periodMillis = periodMillis;
    this.bucketMillis = periodMillis / buckets;
    this.profile = new float[buckets];
    this.visits = new int[buckets];
    this.spread = new float[buckets];
    this.levelRate = levelRate;
    this.profileMemory = profileMemory;
  }

  /**
   * The expected value at {@code t}, or NaN before anything was learned. Also remembers whether the
   * profile knew this time of the period, for {@link #knowsSeason()}.
   */
  public double expected(long t, double intervalMillis) {
    if (Double.isNaN(level)) {
      return Double.NaN;
    }
    int b = bucket(t);
    int reach = (int) Math.min(profile.length / 8, intervalMillis / bucketMillis / 2);
    double sum = 0;
    int seen = 0;
    double spreadSum = 0;
    int spreadBuckets = 0;
    int spreadVisits = 0;
    for (int j = -reach; j <= reach; j++) {
      int k = Math.floorMod(b + j, profile.length);
      if (visits[k] > 0) {
        sum += profile[k];
        seen++;
      }
      if (visits[k] > 1) {
        spreadSum += spread[k];
        spreadBuckets++;
        spreadVisits += visits[k] - 1;
      }
    }
    // Until a whole period has passed, a bucket can only hold this period's own points: reading it
    // would predict from minutes ago, not from a period ago.
    lastKnown = seen > 0 && t - firstMillis >= periodMillis;
    lastSeason = lastKnown ? sum / seen : 0;
    lastSpreadVisits = spreadVisits;
    lastSpread = spreadBuckets > 0 ? spreadSum / spreadBuckets : 0;
    return level + lastSeason;
  }

  /**
   * The mean absolute residual at the time of the last {@link #expected} call, learned per bucket
   * (noise often depends on the time of day), and how many residuals it rests on.
   */
  public double localSpread() {
    return lastSpread;
  }

  /** How many residuals {@link #localSpread()} rests on. */
  public int localSpreadVisits() {
    return lastSpreadVisits;
  }

  /** Whether the last {@link #expected} call found this time of the period in the profile. */
  public boolean knowsSeason() {
    return lastKnown;
  }

  /**
   * Learns from a point, after {@link #expected} was called for it. Residuals are clipped to
   * ±{@code clip} before they move the level or the profile.
   */
  public void learn(long t, double x, double intervalMillis, double clip) {
    if (Double.isNaN(level)) {
      level = x;
      firstMillis = t;
    }
    int b = bucket(t);
    if (lastKnown) {
      level += levelRate * clip(x - lastSeason - level, clip);
    }
    // One period's worth of visits to a bucket is (bucket / interval) when sampling is finer than
    // the bucket, else one; the bucket's weight spreads its memory over that many.
    double perPeriod = Math.max(1.0, bucketMillis / Math.max(intervalMillis, 1.0));
    double rate = Math.max(1.0 / (visits[b] + 1), 1.0 / (profileMemory * perPeriod));
    double target = x - level;
    if (visits[b] == 0) {
      profile[b] = (float) (lastKnown ? lastSeason + clip(target - lastSeason, clip) : target);
    } else {
      double residual = clip(target - profile[b], clip);
      double spreadRate = Math.max(1.0 / visits[b], rate);
      spread[b] += (float) (spreadRate * (Math.abs(residual) - spread[b]));
      profile[b] += (float) (rate * residual);
    }
    if (visits[b] < Integer.MAX_VALUE) {
      visits[b]++;
    }
  }

  /** Moves the level by {@code delta}: a level shift that the profile should not absorb. */
  public void shiftLevel(double delta) {
    if (!Double.isNaN(level)) {
      level += delta;
    }
  }

  public long periodMillis() {
    return periodMillis;
  }

  private int bucket(long t) {
    return (int) (Math.floorMod(t, periodMillis) / bucketMillis);
  }

  private static double clip(double v, double limit) {
    return Math.max(-limit, Math.min(limit, v));
  }
}
