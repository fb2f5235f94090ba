package com.opsmon.detection;

import com.opsmon.detection.stats.AnomalyLikelihood;
import com.opsmon.detection.stats.EpisodeFilter;
import com.opsmon.detection.stats.LogNormalTail;
import com.opsmon.detection.stats.ResidualDrift;
import com.opsmon.detection.stats.ResidualScale;
import com.opsmon.detection.stats.SeasonalBaseline;
import com.opsmon.detection.stats.WindowNovelty;
import java.io.Serializable;

/**
 * Online anomaly detector for one series: one point at a time, oldest first, using only the past,
 * in bounded memory (about 34 KB serialised, whatever the series' length).
 *
 * <p>Three experts judge each point against this series' own history. The value expert: three
 * baselines predict the point (a robust EWMA level, a level plus time-of-day profile, a level plus
 * time-of-week profile, profiles learned from timestamps); the one with the smallest recent error
 * gives the expected value and the residual scale, and the residual's surprise is scored against
 * this series' history of surprise ({@link AnomalyLikelihood}). Six residuals in a row beyond 3
 * scales on one side of a baseline are taken as a level shift, which that baseline adopts at once.
 * The behaviour expert: the distance of the last few values, as a window, to the nearest window in
 * a bounded memory of earlier ones ({@link WindowNovelty}), scored against this series' history of
 * such distances ({@link LogNormalTail}). The drift expert: an average of the value expert's
 * standardised residuals over the window length, for residuals leaning to one side for a while (a
 * level shift or sag before it is adopted), scored against this series' history of that average
 * ({@link ResidualDrift}). The most surprised expert speaks, with a Bonferroni correction for
 * asking three, and an {@link EpisodeFilter} lets the score peak at the start of an incident rather
 * than stay high through it, and not again for a similar incident soon after. All updates are
 * clipped or gated, so the outliers being detected barely move what is learned. See
 * docs/DETECTION.md.
 *
 * <p>Not thread-safe: one instance per series, fed in timestamp order.
 */
public final class AnomalyDetector implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final long DAY_MILLIS = 86_400_000L;

  /** Profile resolution: 5 minutes of the day, 15 minutes of the week. */
  private static final int DAY_BUCKETS = 288;

  private static final int WEEK_BUCKETS = 7 * 96;

  /** Residuals a seasonal baseline must have been scored on before it may be chosen. */
  private static final int MIN_SEASONAL_EVIDENCE = 100;

  /** Residuals the chosen baseline's scale must rest on before surprise is scored. */
  private static final int MIN_SCALE_EVIDENCE = 30;

  /** A run of this many residuals beyond {@link #SHIFT_SIGMAS} on one side is a level shift. */
  private static final int SHIFT_RUN = 6;

  private static final double SHIFT_SIGMAS = 3.0;

  /** Surprise is capped (a 20-sigma residual) so one wild point cannot dominate the history. */
  private static final double MAX_SURPRISE = 200.0;

  /** Smallest residual scale, as a share of the series' spread (guards flat series). */
  private static final double SCALE_FLOOR = 1e-3;

  /**
   * Weight, in residuals, of a seasonal baseline's global scale against the spread learned at the
   * time of the period.
   */
  private static final double LOCAL_PRIOR = 3;

  /**
   * A window is remembered by the behaviour expert (once its memory is full) only if it was this
   * many times farther from its nearest neighbour than usual.
   */
  private static final double STORE_RATIO = 2;

  /** Experts whose evidence is combined (the Bonferroni factor). */
  private static final int EXPERTS = 3;

  private static final int LEVEL = 0;
  private static final int FIRST_SEASONAL = 1;
  private static final int MODELS = 3;

  private final DetectorSettings settings;
  private final SeasonalBaseline[] seasonal;
  private final ResidualScale[] scales = new ResidualScale[MODELS];
  private final double[] expected = new double[MODELS];
  private final boolean[] ready = new boolean[MODELS];
  private final double[] shifts = new double[MODELS];
  private final int[] shiftRun = new int[MODELS];
  private final double[] shiftSum = new double[MODELS];
  private final AnomalyLikelihood likelihood;
  private final WindowNovelty novelty;
  private final LogNormalTail noveltyTail;
  private final ResidualDrift drift;
  private final EpisodeFilter episodes;
  private final double levelRate;

  private long points;
  private long lastMillis;
  private double intervalMillis;
  private double level;
  private double spreadCentre;
  private double spread;

  public AnomalyDetector(DetectorSettings settings) {
    this.settings = settings;
    double seasonalLevelRate = 1.0 / settings.seasonalLevelMemory();
    this.seasonal =
        new SeasonalBaseline[] {
          new SeasonalBaseline(
              DAY_MILLIS, DAY_BUCKETS, seasonalLevelRate, settings.profileMemory()),
          new SeasonalBaseline(
              7 * DAY_MILLIS, WEEK_BUCKETS, seasonalLevelRate, settings.profileMemory())
        };
    for (int k = 0; k < MODELS; k++) {
      scales[k] = new ResidualScale(settings.errorMemory());
    }
    this.likelihood = new AnomalyLikelihood(settings.surpriseMemory(), settings.likelihoodMemory());
    this.novelty = new WindowNovelty(settings.windowLength(), settings.windowMemory(), STORE_RATIO);
    this.noveltyTail = new LogNormalTail(settings.likelihoodMemory(), AnomalyLikelihood.WARM_UP);
    this.drift = new ResidualDrift(settings.windowLength(), settings.likelihoodMemory());
    this.episodes = new EpisodeFilter(settings.quietPoints(), settings.likelihoodMemory());
    this.levelRate = 1.0 / settings.levelMemory();
  }

  public AnomalyDetector() {
    this(DetectorSettings.defaults());
  }

  /**
   * Scores a point against what came before it, then learns from it. A point that is not a finite
   * number is not learned and scores 0; a point older than the previous one is scored but not used
   * to learn timing.
   */
  public Verdict update(long epochMillis, double value) {
    if (!Double.isFinite(value)) {
      return new Verdict(0, level, level, level);
    }
    points++;
    if (points == 1) {
      start(epochMillis, value);
      return new Verdict(0, value, value, value);
    }
    long dt = epochMillis - lastMillis;
    if (dt > 0) {
      lastMillis = epochMillis;
      // a robust running sampling interval: gaps count for at most 10 intervals
      intervalMillis =
          intervalMillis == 0
              ? dt
              : intervalMillis + 0.05 * (Math.min(dt, 10 * intervalMillis) - intervalMillis);
    }
    double spreadRate = Math.max(1.0 / points, 1.0 / settings.likelihoodMemory());
    spreadCentre += spreadRate * (value - spreadCentre);
    spread += spreadRate * (Math.abs(value - spreadCentre) - spread);
    double floor = Math.max(SCALE_FLOOR * spread, 1e-12 * Math.max(1.0, Math.abs(value)));

    int best = predict(epochMillis);
    double sigma = sigma(best, floor);
    double z = (value - expected[best]) / sigma;
    // the residual's information content under a Gaussian of the baseline's scale, −ln φ(z) + c
    double surprise = Math.min(z * z / 2, MAX_SURPRISE);
    // residual scales from a handful of points are unreliable: keep their wild surprises out of
    // the long-run statistics
    double valueEvidence =
        scales[best].seen() < MIN_SCALE_EVIDENCE ? 0 : likelihood.surprisal(surprise);
    double distance = novelty.update(value);
    double behaviourEvidence = Double.isNaN(distance) ? 0 : noveltyTail.surprisal(distance, floor);
    // the drift of the standardised residuals, over the behaviour expert's window length
    double driftEvidence = scales[best].seen() < MIN_SCALE_EVIDENCE ? 0 : drift.surprisal(z);
    // The most surprised expert, with a Bonferroni correction for having asked three: −log10 of
    // min(p_value, p_behaviour, p_drift) · 3.
    double evidence =
        Math.max(valueEvidence, Math.max(behaviourEvidence, driftEvidence)) - Math.log10(EXPERTS);
    double score = episodes.filter(Math.max(0.0, Math.min(1.0, evidence / 10)));

    learn(epochMillis, value, floor);
    double half = settings.bandSigmas() * sigma;
    return new Verdict(score, expected[best], expected[best] - half, expected[best] + half);
  }

  private void start(long epochMillis, double value) {
    lastMillis = epochMillis;
    level = value;
    spreadCentre = value;
    for (SeasonalBaseline s : seasonal) {
      s.expected(epochMillis, 0);
      s.learn(epochMillis, value, 0, 0);
    }
  }

  /** Fills {@link #expected} and {@link #ready}; returns the baseline to trust. */
  private int predict(long epochMillis) {
    expected[LEVEL] = level;
    ready[LEVEL] = true;
    int best = LEVEL;
    for (int k = 1; k < MODELS; k++) {
      SeasonalBaseline s = seasonal[k - FIRST_SEASONAL];
      expected[k] = s.expected(epochMillis, intervalMillis);
      ready[k] = s.knowsSeason();
      if (ready[k]
          && scales[k].seen() >= MIN_SEASONAL_EVIDENCE
          && scales[k].sigma(0) < scales[best].sigma(0)) {
        best = k;
      }
    }
    return best;
  }

  private void learn(long epochMillis, double value, double floor) {
    for (int k = 0; k < MODELS; k++) {
      shifts[k] = 0;
      if (ready[k]) {
        double residual = value - expected[k];
        shifts[k] = levelShift(k, residual, residual / sigma(k, floor));
        scales[k].learn(residual, floor);
      }
    }
    double levelResidual = value - level;
    level += levelRate * clip(levelResidual, ResidualScale.CLIP * scales[LEVEL].sigma(floor));
    level += shifts[LEVEL];
    for (int k = FIRST_SEASONAL; k < MODELS; k++) {
      SeasonalBaseline s = seasonal[k - FIRST_SEASONAL];
      s.learn(epochMillis, value, intervalMillis, ResidualScale.CLIP * scales[k].sigma(floor));
      s.shiftLevel(shifts[k]);
    }
  }

  /**
   * Watches baseline {@code k} for a level shift: {@link #SHIFT_RUN} residuals in a row beyond
   * {@link #SHIFT_SIGMAS} scales on the same side. Returns their mean when the run completes (the
   * shift to adopt at once, rather than crawl to through clipped updates), else 0.
   */
  private double levelShift(int k, double residual, double z) {
    boolean beyond = Math.abs(z) > SHIFT_SIGMAS;
    if (beyond && shiftRun[k] > 0 && Math.signum(residual) == Math.signum(shiftSum[k])) {
      shiftRun[k]++;
      shiftSum[k] += residual;
    } else {
      shiftRun[k] = beyond ? 1 : 0;
      shiftSum[k] = beyond ? residual : 0;
    }
    if (shiftRun[k] < SHIFT_RUN) {
      return 0;
    }
    double shift = shiftSum[k] / shiftRun[k];
    shiftRun[k] = 0;
    shiftSum[k] = 0;
    return shift;
  }

  /**
   * The residual scale of baseline {@code k} at this point: for a seasonal baseline, its global
   * scale blended with the spread learned at this time of the period (noise often depends on the
   * time of day, and a profile's edges are uncertain), the latter weighted by how many residuals it
   * rests on. The local spread only widens the scale: estimated from a few residuals it is too
   * often too small.
   */
  private double sigma(int k, double floor) {
    double global = scales[k].sigma(floor);
    if (k < FIRST_SEASONAL) {
      return global;
    }
    SeasonalBaseline s = seasonal[k - FIRST_SEASONAL];
    double n = s.localSpreadVisits();
    double local = ResidualScale.GAUSSIAN_FACTOR * s.localSpread();
    return Math.max(
        global, Math.sqrt((n * local * local + LOCAL_PRIOR * global * global) / (n + LOCAL_PRIOR)));
  }

  private static double clip(double v, double limit) {
    return Math.max(-limit, Math.min(limit, v));
  }
}
