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

  /**
   * Score that opens an episode: p = 10⁻² under the likelihood's null. Low on purpose, so that an
   * incident is held back from its first sign; an alert rule's threshold is normally higher.
   */
  public static final double ONSET = 0.2;

  /** How much a score must exceed the episode's peak to be reported again in full. */
  public static final double ESCALATION = 0.2;

  /**
   * Factor applied to scores inside an episode: a damped score is at most half the onset, so at no
   * threshold from the onset up does it count as a new detection.
   */
  public static final double DAMPING = 0.1;

  private final int quietPoints;
  private boolean active;
  private double peak;
  private int quiet;

  public EpisodeFilter(int quietPoints) {
    this.quietPoints = quietPoints;
  }

  /** Filters one score. */
  public double filter(double score) {
    if (!active) {
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
    }
    if (score >= peak + ESCALATION) {
      peak = score;
      return score;
    }
    return score * DAMPING;
  }

  /** Whether an episode is in progress. */
  public boolean inEpisode() {
    return active;
  }
}
