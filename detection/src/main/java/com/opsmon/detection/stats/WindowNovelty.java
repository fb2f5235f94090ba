package com.opsmon.detection.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * How new the recent behaviour of a series is: the distance from the window of its last {@code
 * length} values to the nearest window in a bounded memory of windows seen before. This is the
 * nonconformity measure of KNN-CAD (Burnaev &amp; Ishimtsev, "Conformalized density- and
 * distance-based anomaly detection in time-series data", arXiv:1608.04585, 2016) with one
 * neighbour; the memory is kept like the categories of adaptive-resonance detectors (ARTime): a
 * window that is already well represented is not stored again, and when the memory is full a new
 * window replaces the one that has gone longest without being anyone's nearest neighbour. So the
 * memory holds the distinct behaviours of a long stretch of history, not just the last {@code
 * capacity} points, and a pattern that recurs (a spike every eight hours, a daily dip) stops being
 * new once seen, while a signal going flat, starting to burst or changing its rhythm is new.
 *
 * <p>A window is compared only with windows that do not overlap it (they would match trivially):
 * the window remembered at each point is the one that ended {@code length} points earlier.
 *
 * <p>Distances are in the series' own units (per point, root mean square), so a value never seen
 * before is as new as a shape never seen before. State: {@code capacity × (length + 3)} numbers,
 * whatever the series' length.
 */
public final class WindowNovelty implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int length;
  private final int capacity;
  private final double storeRatio;
  private final double typicalRate;
  // floats: ample precision for values measured from the series' first value
  private final float[] windows;
  private final float[] means;
  private final long[] lastMatched;
  private final double[] recent;
  private final double[] recentNovelty;
  private final float[] query;
  private double origin = Double.NaN;
  private double typical = Double.NaN;
  private int stored;
  private int lastNearest;
  private long seen;

  /**
   * @param length points in a window
   * @param capacity windows remembered
   * @param storeRatio once the memory is full, a window is stored only if its distance to its
   *     nearest neighbour was more than this many times the typical distance
   */
  public WindowNovelty(int length, int capacity, double storeRatio) {
    if (length < 1 || capacity < 1) {
      throw new IllegalArgumentException("length and capacity must be positive");
    }
    this.length = length;
    this.capacity = capacity;
    this.storeRatio = storeRatio;
    this.typicalRate = 1.0 / capacity;
    this.windows = new float[capacity * length];
    this.means = new float[capacity];
    this.lastMatched = new long[capacity];
    this.recent = new double[2 * length];
    this.recentNovelty = new double[length + 1];
    this.query = new float[length];
    Arrays.fill(recentNovelty, Double.NaN);
  }

  /**
   * Adds a value; returns the root-mean-square distance per point between the window ending with it
   * and its nearest remembered window, or NaN while there is no full window or nothing to compare
   * it with.
   */
  public double update(double value) {
    if (Double.isNaN(origin)) {
      origin = value;
    }
    int r = recent.length;
    recent[(int) (seen % r)] = value - origin;
    seen++;
    if (seen >= r) {
      remember();
    }
    double novelty = Double.NaN;
    if (seen >= length && stored > 0) {
      novelty = nearest();
      typical = Double.isNaN(typical) ? novelty : typical + typicalRate * (novelty - typical);
    }
    recentNovelty[(int) ((seen - 1) % recentNovelty.length)] = novelty;
    return novelty;
  }

  /** Windows remembered so far (at most the capacity). */
  public int stored() {
    return stored;
  }

  /** Stores the window that ended {@code length} points ago, if it is worth remembering. */
  private void remember() {
    long end = seen - 1 - length;
    double itsNovelty = recentNovelty[(int) (end % recentNovelty.length)];
    int slot;
    if (stored < capacity) {
      slot = stored++;
    } else if (Double.isNaN(itsNovelty) || itsNovelty > storeRatio * typical) {
      slot = 0;
      for (int w = 1; w < capacity; w++) {
        if (lastMatched[w] < lastMatched[slot]) {
          slot = w;
        }
      }
    } else {
      return;
    }
    int r = recent.length;
    int base = slot * length;
    double sum = 0;
    for (int j = 0; j < length; j++) {
      double v = recent[(int) ((end - length + 1 + j) % r)];
      windows[base + j] = (float) v;
      sum += v;
    }
    means[slot] = (float) (sum / length);
    lastMatched[slot] = seen;
  }

  /** Distance of the current window to its nearest remembered window; marks that one as used. */
  private double nearest() {
    int r = recent.length;
    int start = (int) ((seen - length) % r);
    double sum = 0;
    for (int j = 0; j < length; j++) {
      query[j] = (float) recent[(start + j) % r];
      sum += query[j];
    }
    double mean = sum / length;
    // the last nearest window is usually close again: starting from it, most others are abandoned
    // after a few points
    int bestSlot = Math.min(lastNearest, stored - 1);
    double best = distance(bestSlot, Double.POSITIVE_INFINITY);
    for (int w = 0; w < stored; w++) {
      // ‖q − w‖² ≥ length · (mean q − mean w)² (Cauchy–Schwarz): skip windows that cannot win
      double dm = mean - means[w];
      if (length * dm * dm >= best) {
        continue;
      }
      double d = distance(w, best);
      if (d < best) {
        best = d;
        bestSlot = w;
      }
    }
    lastMatched[bestSlot] = seen;
    lastNearest = bestSlot;
    return Math.sqrt(best / length);
  }

  /** Squared distance from the query to a remembered window, abandoned once past {@code bound}. */
  private double distance(int slot, double bound) {
    int base = slot * length;
    double d = 0;
    int j = 0;
    // four points at a time between checks of the bound
    for (; j + 4 <= length && d < bound; j += 4) {
      float d0 = query[j] - windows[base + j];
      float d1 = query[j + 1] - windows[base + j + 1];
      float d2 = query[j + 2] - windows[base + j + 2];
      float d3 = query[j + 3] - windows[base + j + 3];
      d += (d0 * d0 + d1 * d1) + (d2 * d2 + d3 * d3);
    }
    for (; j < length && d < bound; j++) {
      float diff = query[j] - windows[base + j];
      d += diff * diff;
    }
    return d;
  }
}
