package com.opsmon.detection.stats;

import java.io.Serializable;

/**
 * Turns a likelihood score that stays high through an incident into one that peaks once at its
 * start: from the first score at or above {@code alertScore} until the score has stayed below half
 * of it for {@code quietPoints} points, scores are damped, unless one is far stronger (by {@link
 * #ESCALATION}, i.e. a hundred times less likely) than the episode's peak so far.
 */
public final class EpisodeFilter implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How much a score must exceed the episode's peak to be reported again in full. */
  public static final double ESCALATION = 0.2;

  /** Factor applied to scores inside an episode. */
  public static final double DAMPING = 0.2;

  private final double alertScore;
  private final int quietPoints;
  private boolean active;
  private double peak;
  private int quiet;

  public EpisodeFilter(double alertScore, int quietPoints) {
    this.alertScore = alertScore;
    this.quietPoints = quietPoints;
  }

  /** Filters one score. */
  public double filter(double score) {
    if (!active) {
      if (score >= alertScore) {
        active = true;
        peak = score;
        quiet = 0;
      }
      return score;
    }
    quiet = score < alertScore / 2 ? quiet + 1 : 0;
    if (quiet >= quietPoints) {
      active = false;
    }
    if (score >= peak + ESCALATION) {
      peak = score;
      return score;
    }
    peak = Math.max(peak, score);
    return score * DAMPING;
  }

  /** Whether an episode is in progress. */
  public boolean inEpisode() {
    return active;
  }
}
