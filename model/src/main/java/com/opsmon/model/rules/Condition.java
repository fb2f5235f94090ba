package com.opsmon.model.rules;

import java.io.Serializable;
import java.time.Duration;

/** When a rule's series is in trouble: one of the kinds a rules file can name. */
public sealed interface Condition extends Serializable {

  /** How long the condition must hold, in event time, before the alert fires. */
  Duration holdFor();

  /**
   * The value is beyond {@code limit} ({@code above} or below it) for {@code holdFor}; it recovers
   * only once back beyond {@code recover} on the other side (hysteresis, so a value hovering at the
   * line does not flap).
   *
   * <p>With {@code surprise}, for a share (a ratio 0–1 of a rule with a {@code min_volume} that
   * counts what it is a share of), the counts decide rather than each window's ratio: the evidence
   * that the share is at {@code limit} rather than at {@code recover} (a Bernoulli CUSUM: the
   * log-likelihood ratio of each window's successes and failures, summed and floored at 0) must be
   * as strong as {@code surprise} is unlikely. A region with two payments a minute is judged on
   * several minutes together; one with hundreds on its first minute.
   */
  record Threshold(boolean above, double limit, double recover, Duration holdFor, Double surprise)
      implements Condition {
    public Threshold(boolean above, double limit, double recover, Duration holdFor) {
      this(above, limit, recover, holdFor, null);
    }
  }

  /**
   * No point for {@code holdFor} while the KPI's other series keep reporting (so a monitor that was
   * down, or a whole feed that stopped, does not make every series "silent"). With {@code
   * surprise}, the silence must also be unlikely given the series' learned rate for that time of
   * day (a Poisson count model): a region that sees two orders an hour at night is not stopped
   * after one quiet minute. A zero count counts as silence for count KPIs.
   *
   * <p>With {@code fall} (and {@code surprise}), a count that keeps coming but far below its
   * learned rate fires too: the evidence that the rate fell by {@code fall} (0.5: to half) is
   * summed window by window (a Poisson CUSUM) until it is as strong as {@code surprise} is
   * unlikely. A warehouse that still ships one parcel in five is found, a quiet night is not.
   */
  record NoData(Duration holdFor, Double surprise, Double fall) implements Condition {
    public NoData(Duration holdFor, Double surprise) {
      this(holdFor, surprise, null);
    }
  }

  /**
   * The value changed by more than {@code change} (relative: 1.0 = doubled, 0.5 = halved) against
   * the same window a day or a week ago, or the median of the {@code windows} before, for {@code
   * holdFor}. A baseline below {@code minBaseline} (when given) is too little volume to judge a
   * relative change on: such a window is not judged (a minimum-volume guard).
   *
   * <p>With {@code surprise}, for a share (a ratio 0–1 of a rule with a {@code min_volume} that
   * counts what it is a share of) against the previous windows, the counts decide: the baseline is
   * the pooled share of those windows (their hits over their volume, so a small window weighs
   * little), and the evidence that the share moved by {@code fall} or {@code rise} rather than
   * stayed (a Bernoulli CUSUM over the windows' hits and misses) must be as strong as {@code
   * surprise} is unlikely. A quiet region's fall is found over a few windows, a busy one's in one;
   * the windows of a change being weighed do not move the baseline.
   *
   * <p>With {@code departures}, the rule's KPI is a count of what left a queue in the window and
   * its {@code min_volume} is that queue as it stood at the window's end ({@code shipments} leaving
   * {@code awaiting_shipment}): the share judged is the count over the count plus the queue, the
   * part of what was there to go that went. With a {@code dwell} as well, what was there to go is
   * the queue as it stood that long before: what joins a queue leaves only after a while (a parcel
   * picked now ships in an hour), so a surge of newcomers is not a fall of the share that leaves.
   *
   * <p>With a {@code lag} (a share judged on counts, not departures), a window's hits are weighed
   * against the volume of a span as long as the window but {@code lag} earlier: orders come some
   * minutes after the sessions that make them, so while sessions rise a window's orders are of
   * fewer sessions than its own (and of more while they fall), and a morning would read as a fall.
   */
  record RateOfChange(
      Baseline against,
      int windows,
      Double rise,
      Double fall,
      Duration holdFor,
      Double minBaseline,
      Double surprise,
      boolean departures,
      Duration dwell,
      Duration lag)
      implements Condition {
    public RateOfChange(
        Baseline against,
        int windows,
        Double rise,
        Double fall,
        Duration holdFor,
        Double minBaseline,
        Double surprise) {
      this(against, windows, rise, fall, holdFor, minBaseline, surprise, false, null, null);
    }

    public RateOfChange(Baseline against, int windows, Double rise, Double fall, Duration holdFor) {
      this(against, windows, rise, fall, holdFor, null, null);
    }

    public RateOfChange(
        Baseline against,
        int windows,
        Double rise,
        Double fall,
        Duration holdFor,
        Double minBaseline) {
      this(against, windows, rise, fall, holdFor, minBaseline, null);
    }

    public enum Baseline {
      PREVIOUS,
      DAY,
      WEEK
    }
  }

  /** The online detector finds the value anomalous at {@code sensitivity}, for {@code holdFor}. */
  record Anomaly(double sensitivity, Duration holdFor) implements Condition {}

  /**
   * A signal the KPI jobs raise themselves ({@code order_sla_breach}, {@code stock_out}), given
   * this rule's severity, labels, summary and runbook.
   */
  record FromSignal(String signal) implements Condition {
    @Override
    public Duration holdFor() {
      return Duration.ZERO;
    }
  }
}
