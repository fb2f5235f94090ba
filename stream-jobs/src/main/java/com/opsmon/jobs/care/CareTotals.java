package com.opsmon.jobs.care;

import com.opsmon.jobs.kpi.KpiAccumulator;
import com.opsmon.jobs.kpi.KpiPoints;
import com.opsmon.jobs.kpi.Sketch;
import com.opsmon.model.kpi.KpiCatalog;
import java.util.Map;

/**
 * What one series' ticket facts add up to: tickets opened, resolved and reopened, the satisfaction
 * scores given with resolutions (their sum, how many, how many were 1 or 2), and sketches of first
 * response and resolution times in seconds.
 */
public final class CareTotals implements KpiAccumulator<CareTotals> {
  private static final Map<String, String> P50 = Map.of(KpiCatalog.QUANTILE, "p50");
  private static final Map<String, String> P90 = Map.of(KpiCatalog.QUANTILE, "p90");

  /** Scores up to this one are low. */
  static final int LOW_SCORE = 2;

  public long opened;
  public long resolved;
  public long reopened;
  public long scores;
  public long scoreSum;
  public long lowScores;

  /** Null until a time is recorded. */
  public Sketch responseSeconds;

  public Sketch resolutionSeconds;

  public CareTotals() {}

  /** Counts one fact; a fact without an event (a dropped ticket) counts nothing here. */
  public void add(TicketFact fact) {
    if (fact.event() == null) {
      return;
    }
    switch (fact.event().type()) {
      case TICKET_OPENED -> opened++;
      case TICKET_FIRST_RESPONSE -> {
        if (fact.responseSeconds() >= 0) {
          responseSeconds = record(responseSeconds, fact.responseSeconds());
        }
      }
      case TICKET_RESOLVED -> {
        resolved++;
        if (fact.resolutionSeconds() >= 0) {
          resolutionSeconds = record(resolutionSeconds, fact.resolutionSeconds());
        }
        Integer score = fact.event().satisfaction();
        if (score != null) {
          scores++;
          scoreSum += score;
          if (score <= LOW_SCORE) {
            lowScores++;
          }
        }
      }
      case TICKET_REOPENED -> reopened++;
      default -> {}
    }
  }

  private static Sketch record(Sketch sketch, long value) {
    Sketch into = sketch == null ? new Sketch() : sketch;
    into.record(value);
    return into;
  }

  private static Sketch merge(Sketch into, Sketch other) {
    if (other == null) {
      return into;
    }
    Sketch merged = into == null ? new Sketch() : into;
    merged.addAll(other);
    return merged;
  }

  @Override
  public void addAll(CareTotals other) {
    opened += other.opened;
    resolved += other.resolved;
    reopened += other.reopened;
    scores += other.scores;
    scoreSum += other.scoreSum;
    lowScores += other.lowScores;
    responseSeconds = merge(responseSeconds, other.responseSeconds);
    resolutionSeconds = merge(resolutionSeconds, other.resolutionSeconds);
  }

  @Override
  public void emit(KpiPoints out) {
    out.point(KpiCatalog.TICKETS_OPENED, opened);
    if (responseSeconds != null && responseSeconds.count() > 0) {
      out.point(KpiCatalog.FIRST_RESPONSE_TIME, P50, responseSeconds.quantile(0.5));
      out.point(KpiCatalog.FIRST_RESPONSE_TIME, P90, responseSeconds.quantile(0.9));
    }
    if (resolutionSeconds != null && resolutionSeconds.count() > 0) {
      out.point(KpiCatalog.RESOLUTION_TIME, P50, resolutionSeconds.quantile(0.5));
      out.point(KpiCatalog.RESOLUTION_TIME, P90, resolutionSeconds.quantile(0.9));
    }
    out.ratio(KpiCatalog.CSAT, scoreSum, scores);
    out.ratio(KpiCatalog.CSAT_LOW_SHARE, lowScores, scores);
    out.ratio(KpiCatalog.REOPEN_RATE, reopened, resolved);
  }
}
