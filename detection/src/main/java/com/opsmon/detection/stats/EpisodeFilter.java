package com.opsmon.detection.stats;

import java.io.Serializable;

/**
 * Turns a likelihood score that stays high through an incident into one that peaks once at its
 * start: from the first score at or above {@link #ONSET} until the score has stayed below half of
 * it for {@code quietPoints} points, scores are damped, unless one is far stronger than the
 * episode's peak so far: at least {@link #ESCALATION} times it, i.e. its p-value at most the square
 * of the peak's (as unlikely again as everything reported so far). From the onset that is a hundred
 * times less likely, then a thousand, ten thousand... times as the peak grows, so a slow rise is
 * reported a few times and reaches an alert rule's threshold, but an incident whose evidence keeps
 * growing (a long sag, a drift) is not reported at every step.
 *
 * <p>After an episode, a new one opens only with a score at least as high as the last episode's
 * peak, a bar that relaxes back to the onset exponentially over {@code refractoryPoints}: an
 * incident of the same strength as one a few hours ago is more of the same, not news (the
 * refractory masking of adaptive-resonance detectors, and what an on-call engineer wants). Scores
 * under the bar are damped like those inside an episode.
 */
public final class EpisodeFilter implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Score that opens an episode: p = 10⁻² under the likelihood's null. Low on purpose, so that an
   * incident is held back from its first sign; an alert rule's threshold is normally higher.
   */
  public static final double ONSET = 0.2;

  /** How many times the episode's peak a score must be to be reported again in full. */
  public static final double ESCALATION = 2;

  /**
   * Factor applied to scores inside an episode: a damped score is at most half the onset, so at no
   * threshold from the onset up does it count as a new detection.
   */
  public static final double DAMPING = 0.1;

  private final int quietPoints;
  private final double refractoryRate;
  private boolean active;
  private double peak;
  private int quiet;
  private double lastPeak;
  private long sinceEpisode;

  /**
   * @param quietPoints points of low score that end an episode
   * @param refractoryPoints points over which the bar for a new episode relaxes (by a factor e)
   *     from the last episode's peak to the onset; 0 for no refractory bar
   */
  public EpisodeFilter(int quietPoints, double refractoryPoints) {
    this.quietPoints = quietPoints;
    this.refractoryRate = refractoryPoints > 0 ? 1.0 / refractoryPoints : Double.POSITIVE_INFINITY;
  }

  /** An episode filter without a refractory bar. */
  public EpisodeFilter(int quietPoints) {
    this(quietPoints, 0);
  }

  /** Filters one score. */
  public double filter(double score) {
    if (!active) {
      sinceEpisode++;
      if (score >= ONSET && score < bar()) {
        return score * DAMPING;
      }
      if (score >= ONSET) {
        active = true;
        peak = score;
        quiet = 0;
      }
      return score;
    }
    quiet = score < ONSET / 2 ? quiet + 1 : 0;
    if (quiet >= quietPoints) {
      active = false;
      lastPeak = peak;
      sinceEpisode = 0;
    }
    if (score >= ESCALATION * peak) {
      peak = score;
      return score;
    }
    return score * DAMPING;
  }

  /** The score a new episode must reach: the last peak, relaxing to the onset. */
  private double bar() {
    if (refractoryRate == Double.POSITIVE_INFINITY) {
      return ONSET;
    }
    return ONSET + Math.max(0, lastPeak - ONSET) * Math.exp(-sinceEpisode * refractoryRate);
  }

  /** Whether an episode is in progress. */
  public boolean inEpisode() {
    return active;
  }
}
