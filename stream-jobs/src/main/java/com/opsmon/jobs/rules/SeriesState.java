package com.opsmon.jobs.rules;

import java.io.Serializable;

/**
 * What one rule remembers about one series between windows. A plain object of fixed size (Flink
 * keeps it as keyed state): the alert's state, and what each kind of condition needs to judge the
 * next window.
 */
public final class SeriesState implements Serializable {
  public static final long NONE = Long.MIN_VALUE;
  static final int HOURS = 24;
  static final int FLAP_MEMORY = 16;

  /** Whether the alert is firing as far as receivers know (a flapping alert stays as it was). */
  public boolean firing;

  /**
   * Whether the condition holds, whatever was told (differs from {@link #firing} while flapping).
   */
  public boolean breached;

  /** Windows judged in a row in which the condition held (pending or firing). */
  public int breachWindows;

  /** Event time the condition stopped holding while breached, or {@link #NONE}. */
  public long clearSince = NONE;

  /** Event time the alert started firing, as told to receivers. */
  public long firingSince = NONE;

  public double lastValue = Double.NaN;

  /** Windows of this series seen with a value. */
  public long observed;

  /** Event time of the first window seen with a value, or {@link #NONE}. */
  public long firstSeen = NONE;

  // no_data: the learned count per window for each hour of the day (decayed sums)
  public long silentSince = NONE;
  public double[] countByHour = new double[HOURS];
  public double[] windowsByHour = new double[HOURS];

  /**
   * no_data: the count per window over the last windows (an exponential average), and its weight.
   */
  public double recentRate;

  public double recentWindows;

  /**
   * The evidence of trouble so far, in nats (a CUSUM): that the rate fell (no_data with a fall) or
   * that the share is at its limit (threshold with a surprise).
   */
  public double evidence;

  /**
   * The counts (and volumes) of the windows held back since the evidence began to grow (no_data
   * with a fall, rate_of_change on counts): settled once it is back to nothing, dropped if it
   * fires. Empty until a rule needs them.
   */
  public double[] undecidedCounts = new double[0];

  public double[] undecidedVolumes = new double[0];
  public int undecided;
  public long undecidedSince = NONE;

  // min_volume with pool: the values and volumes of the thin windows held since poolSince,
  // waiting for enough volume to be judged together
  public double[] poolValues = new double[0];
  public double[] poolVolumes = new double[0];
  public int pooled;
  public long poolSince = NONE;

  // rate_of_change against the previous windows: a ring of their values (and, judged on counts,
  // their volumes)
  public double[] recent = new double[0];
  public double[] recentVolumes = new double[0];
  public int recentCount;
  public int recentNext;

  // departures with a dwell, or a share with a lag: the volume (the queue at the window's end, or
  // the sessions) of each of the last windows the dwell or lag spans, by the window's place in
  // time, and the window each slot holds
  public double[] pastVolumes = new double[0];
  public long[] pastVolumeWindows = new long[0];

  // anomaly: the detector, serialised (it lives inside this state)
  public byte[] detector;
  public double expected = Double.NaN;
  public double lower = Double.NaN;
  public double upper = Double.NaN;
  public int calmWindows;

  // flapping: when the condition last changed, newest last
  public long[] changes = new long[FLAP_MEMORY];
  public int changeCount;
  public boolean flapping;

  public SeriesState() {}

  void recordChange(long at) {
    System.arraycopy(changes, 1, changes, 0, FLAP_MEMORY - 1);
    changes[FLAP_MEMORY - 1] = at;
    changeCount = Math.min(FLAP_MEMORY, changeCount + 1);
  }

  /** Condition changes at or after {@code since}. */
  int changesSince(long since) {
    int n = 0;
    for (int i = FLAP_MEMORY - changeCount; i < FLAP_MEMORY; i++) {
      if (changes[i] >= since) {
        n++;
      }
    }
    return n;
  }

  long lastChange() {
    return changeCount == 0 ? NONE : changes[FLAP_MEMORY - 1];
  }
}
