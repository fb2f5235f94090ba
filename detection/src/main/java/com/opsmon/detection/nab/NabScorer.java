package com.opsmon.detection.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores anomaly scores the way the Numenta Anomaly Benchmark does (NAB v1.1: numenta/NAB {@code
 * nab/sweeper.py}, {@code nab/optimizer.py}, {@code nab/runner.py}; rules restated here, code
 * written afresh).
 *
 * <ul>
 *   <li>A row is a detection when its score is at or above the threshold. Rows of the probationary
 *       period, the first min(⌊15% of rows⌋, 750) of each series, are not scored.
 *   <li>Each row inside a window of width w whose last row is r is worth {@code A_TP × σ(−(r − i +
 *       1)/w) / σ(−1)} if it is the window's first detection, where σ(x) = 2 / (1 + e^{5x}) − 1 is
 *       the scaled sigmoid (so the window's first row earns exactly A_TP); later detections in the
 *       window earn nothing, and a window without a detection costs −A_FN.
 *   <li>A detection outside every window costs {@code A_FP × σ(|i − r'| / (w' − 1))} relative to
 *       the preceding window (last row r', width w'), which is close to 0 just after a window and
 *       −A_FP further on (σ is −1 beyond 3 widths); before the first window it costs −A_FP.
 *   <li>The threshold is the one that maximises the summed score of all series; every distinct
 *       score is tried.
 *   <li>Normalised score = 100 × (S − S_null) / (S_perfect − S_null), where the null detector never
 *       fires (−A_FN per window) and the perfect detector fires on the first scored row of every
 *       window (+A_TP per window that starts after the probationary period).
 * </ul>
 */
public final class NabScorer {
  /** NAB's probationary period: this share of each series, at most 5,000 × this rows. */
  public static final double PROBATION_SHARE = 0.15;

  private static final double MAX_TP = scaledSigmoid(-1.0);
  private static final int OUTSIDE = -1;
  private static final int PROBATION = -2;

  private final double probationShare;

  public NabScorer() {
    this(PROBATION_SHARE);
  }

  public NabScorer(double probationShare) {
    this.probationShare = probationShare;
  }

  /**
   * NAB's scaled sigmoid of a position relative to a window's right edge: about +0.987 at −1 (the
   * left edge), 0 at the right edge, −1 from 3 window widths after it.
   */
  public static double scaledSigmoid(double position) {
    if (position > 3.0) {
      return -1.0;
    }
    return 2.0 / (1.0 + Math.exp(5.0 * position)) - 1.0;
  }

  /** Rows at the start of a series of this many rows that are not scored. */
  public int probationaryRows(int rows) {
    double length = Math.min(Math.floor(probationShare * rows), probationShare * 5000);
    return (int) Math.ceil(length);
  }

  /** Scores every profile at its own best threshold. */
  public List<ProfileScore> evaluate(List<ScoredSeries> series, List<CostProfile> profiles) {
    List<ProfileScore> results = new ArrayList<>();
    for (CostProfile profile : profiles) {
      results.add(evaluate(series, profile));
    }
    return results;
  }

  /** Finds the best threshold for one profile and scores every series at it. */
  public ProfileScore evaluate(List<ScoredSeries> series, CostProfile profile) {
    double threshold = bestThreshold(series, profile);
    return scoreAt(series, profile, threshold);
  }

  /** Scores every series at a fixed threshold. */
  public ProfileScore scoreAt(List<ScoredSeries> series, CostProfile profile, double threshold) {
    List<FileScore> files = new ArrayList<>();
    double raw = 0;
    double nullScore = 0;
    double perfect = 0;
    for (ScoredSeries s : series) {
      Rows rows = weigh(s, profile);
      FileScore file = scoreFile(s, rows, profile, threshold);
      files.add(file);
      raw += file.score();
      for (int w = 0; w < rows.windowCount; w++) {
        if (rows.bestTp[w] > Double.NEGATIVE_INFINITY) {
          nullScore -= profile.fnWeight();
          perfect += rows.bestTp[w];
        }
      }
    }
    return new ProfileScore(profile, threshold, raw, nullScore, perfect, files);
  }

  /**
   * The threshold that maximises the summed score over all series; the highest such threshold when
   * several tie. Above every score (nothing detected) the result is +∞.
   */
  public double bestThreshold(List<ScoredSeries> series, CostProfile profile) {
    int total = 0;
    List<Rows> weighed = new ArrayList<>();
    for (ScoredSeries s : series) {
      Rows rows = weigh(s, profile);
      weighed.add(rows);
      total += rows.scoredCount();
    }
    // One entry per scored row: its anomaly score, its weight and a corpus-wide window id.
    double[] anomaly = new double[total];
    double[] weight = new double[total];
    int[] window = new int[total];
    Integer[] order = new Integer[total];
    int k = 0;
    int windowBase = 0;
    double score = 0;
    for (int f = 0; f < series.size(); f++) {
      Rows rows = weighed.get(f);
      double[] scores = series.get(f).scores();
      for (int i = rows.probation; i < scores.length; i++) {
        anomaly[k] = scores[i];
        weight[k] = rows.weight[i];
        window[k] = rows.window[i] == OUTSIDE ? OUTSIDE : windowBase + rows.window[i];
        order[k] = k;
        k++;
      }
      for (int w = 0; w < rows.windowCount; w++) {
        if (rows.bestTp[w] > Double.NEGATIVE_INFINITY) {
          score -= profile.fnWeight();
        }
      }
      windowBase += rows.windowCount;
    }
    Arrays.sort(order, (a, b) -> Double.compare(anomaly[b], anomaly[a]));

    // Lower the threshold one distinct score at a time; a window's value is its best (earliest)
    // detection so far, or −A_FN while it has none.
    double[] windowValue = new double[windowBase];
    Arrays.fill(windowValue, -profile.fnWeight());
    double bestScore = score;
    double bestThreshold = Double.POSITIVE_INFINITY;
    int i = 0;
    while (i < total) {
      double threshold = anomaly[order[i]];
      while (i < total && anomaly[order[i]] == threshold) {
        int row = order[i];
        if (window[row] == OUTSIDE) {
          score += weight[row];
        } else if (weight[row] > windowValue[window[row]]) {
          score += weight[row] - windowValue[window[row]];
          windowValue[window[row]] = weight[row];
        }
        i++;
      }
      if (score > bestScore) {
        bestScore = score;
        bestThreshold = threshold;
      }
    }
    return bestThreshold;
  }

  private FileScore scoreFile(ScoredSeries s, Rows rows, CostProfile profile, double threshold) {
    double[] scores = s.scores();
    double[] windowValue = new double[rows.windowCount];
    Arrays.fill(windowValue, Double.NaN);
    double fp = 0;
    int falsePositives = 0;
    for (int i = rows.probation; i < scores.length; i++) {
      if (!(scores[i] >= threshold)) {
        continue;
      }
      int w = rows.window[i];
      if (w == OUTSIDE) {
        fp += rows.weight[i];
        falsePositives++;
      } else if (Double.isNaN(windowValue[w])) {
        windowValue[w] = rows.weight[i];
      }
    }
    double score = fp;
    int detected = 0;
    int missed = 0;
    for (int w = 0; w < rows.windowCount; w++) {
      if (rows.bestTp[w] == Double.NEGATIVE_INFINITY) {
        continue; // entirely inside the probationary period: not scored
      }
      if (Double.isNaN(windowValue[w])) {
        score -= profile.fnWeight();
        missed++;
      } else {
        score += windowValue[w];
        detected++;
      }
    }
    return new FileScore(s.name(), score, detected, missed, falsePositives);
  }

  /** What each row of a series is worth if detected, and which window it belongs to. */
  private Rows weigh(ScoredSeries s, CostProfile profile) {
    int n = s.scores().length;
    int probation = Math.min(probationaryRows(n), n);
    List<RowWindow> windows = s.windows();
    Rows rows = new Rows(n, probation, windows.size());
    Arrays.fill(rows.window, OUTSIDE);
    RowWindow previous = null;
    int next = 0;
    for (int i = 0; i < n; i++) {
      RowWindow current = next < windows.size() ? windows.get(next) : null;
      if (current != null && i >= current.first()) {
        double position = -(current.last() - i + 1) / (double) current.width();
        rows.weight[i] = scaledSigmoid(position) * profile.tpWeight() / MAX_TP;
        rows.window[i] = next;
        if (i >= probation) {
          rows.bestTp[next] = Math.max(rows.bestTp[next], rows.weight[i]);
        }
        if (i == current.last()) {
          previous = current;
          next++;
        }
      } else if (previous == null) {
        rows.weight[i] = -profile.fpWeight();
      } else {
        double position =
            previous.width() > 1
                ? (i - previous.last()) / (double) (previous.width() - 1)
                : Double.POSITIVE_INFINITY;
        rows.weight[i] = scaledSigmoid(position) * profile.fpWeight();
      }
      if (i < probation) {
        rows.window[i] = PROBATION;
      }
    }
    return rows;
  }

  private static final class Rows {
    final int probation;
    final int windowCount;
    final double[] weight;
    final int[] window;
    final double[] bestTp;

    Rows(int n, int probation, int windowCount) {
      this.probation = probation;
      this.windowCount = windowCount;
      this.weight = new double[n];
      this.window = new int[n];
      this.bestTp = new double[windowCount];
      Arrays.fill(bestTp, Double.NEGATIVE_INFINITY);
    }

    int scoredCount() {
      return weight.length - probation;
    }
  }
}
