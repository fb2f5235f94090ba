package com.opsmon.api.band;

import com.opsmon.detection.AnomalyDetector;
import com.opsmon.detection.DetectorSettings;
import com.opsmon.detection.Verdict;
import com.opsmon.model.kpi.KpiPoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The anomaly detector's expected value and band for each point of one or more KPI series: what a
 * fresh detector per series expected of a point before it saw it, having learned from the newest
 * warm-up points of that series (at most {@code maxWarmUpPoints}) and then from the series' earlier
 * points. The same points always give the same bands.
 *
 * <p>A band is {@link Band#UNKNOWN} (NaN) for a point that is not a finite number, which the
 * detector does not learn from either, and while the detector has learned from fewer than {@link
 * #MIN_LEARNED} points of the series.
 */
public final class ExpectedBand {
  /**
   * Points a detector must have learned from before its band is shown: a scale from a handful of
   * points is far too narrow to present as what is normal (the detector scores none before 30
   * either).
   */
  public static final int MIN_LEARNED = 30;

  private final DetectorSettings settings;
  private final int maxWarmUpPoints;

  /** What the detector expected of one point; {@code lower ≤ expected ≤ upper}, or all NaN. */
  public record Band(double expected, double lower, double upper) {
    public static final Band UNKNOWN = new Band(Double.NaN, Double.NaN, Double.NaN);
  }

  public ExpectedBand(DetectorSettings settings, int maxWarmUpPoints) {
    if (maxWarmUpPoints < 0) {
      throw new IllegalArgumentException(
          "maxWarmUpPoints must not be negative: " + maxWarmUpPoints);
    }
    this.settings = settings;
    this.maxWarmUpPoints = maxWarmUpPoints;
  }

  /**
   * The band of each of {@code points}, in the same order. Both lists are in window order, as the
   * store returns them, and {@code warmUp} comes before {@code points}; warm-up points of a series
   * that has no point in {@code points} are ignored.
   */
  public List<Band> of(List<KpiPoint> warmUp, List<KpiPoint> points) {
    Map<String, ArrayDeque<KpiPoint>> newestWarmUp = new HashMap<>();
    points.forEach(p -> newestWarmUp.putIfAbsent(p.series(), new ArrayDeque<>()));
    for (KpiPoint p : warmUp) {
      ArrayDeque<KpiPoint> kept = newestWarmUp.get(p.series());
      if (kept != null && maxWarmUpPoints > 0) {
        if (kept.size() == maxWarmUpPoints) {
          kept.removeFirst();
        }
        kept.addLast(p);
      }
    }
    Map<String, Learner> learners = new HashMap<>();
    newestWarmUp.forEach(
        (series, kept) -> {
          Learner learner = new Learner(new AnomalyDetector(settings));
          kept.forEach(learner::band);
          learners.put(series, learner);
        });
    List<Band> bands = new ArrayList<>(points.size());
    for (KpiPoint p : points) {
      bands.add(learners.get(p.series()).band(p));
    }
    return bands;
  }

  /** One series' detector and how many points it has learned from. */
  private static final class Learner {
    private final AnomalyDetector detector;
    private int learned;

    Learner(AnomalyDetector detector) {
      this.detector = detector;
    }

    Band band(KpiPoint p) {
      if (!Double.isFinite(p.value())) {
        return Band.UNKNOWN;
      }
      Verdict verdict = detector.update(p.windowStart().toEpochMilli(), p.value());
      boolean known = learned >= MIN_LEARNED;
      learned++;
      return known ? new Band(verdict.expected(), verdict.lower(), verdict.upper()) : Band.UNKNOWN;
    }
  }
}
