package com.opsmon.jobs.rules;

import com.opsmon.detection.AnomalyDetector;
import com.opsmon.detection.DetectorSettings;
import com.opsmon.detection.Verdict;
import com.opsmon.detection.stats.BetaBinomial;
import com.opsmon.model.rules.Condition;
import com.opsmon.model.rules.Rule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Judges one window of one series against one rule, as a pure function of the rule, what the rule
 * remembers of the series and the window's observation. Event time only: replaying a day gives the
 * same verdicts, with the same times, as watching it live.
 */
public final class RuleLogic {
  /**
   * Windows a series must have been seen in before its silence can surprise anyone: as many as the
   * prior of an hour not seen yet weighs. A burst of a region seen once says nothing of its rate;
   * forty busy minutes say enough to find a feed stopping in the forty-first.
   */
  static final int SILENCE_WARM_UP = 10;

  /** Windows a series must have been seen in, besides a whole day, before a fall is judged. */
  static final int FALL_WARM_UP_WINDOWS = 60;

  /**
   * Windows a fall's evidence may hold back from the learned rates before the oldest is learned.
   */
  static final int FALL_HELD_BACK = 120;

  /** How long a series must have been seen before a fall of its rate is judged: a whole day. */
  static final long FALL_WARM_UP_MS = 86_400_000L;

  /** How long the learned rate of each hour of the day remembers: about a week of that hour. */
  static final long RATE_MEMORY_MS = 7 * 86_400_000L;

  /** How many windows a {@code min_volume} pool spans at most (see {@link #pool}). */
  static final int POOL_SPAN_WINDOWS = 5;

  /** Anomaly scores below this for {@link #CALM_TO_RESOLVE} windows resolve an anomaly alert. */
  static final double CALM_SCORE = 0.1;

  static final int CALM_TO_RESOLVE = 3;

  /** The deepest fall a share on counts is weighed as, when twice the rule's fall is all of it. */
  static final double MIN_FALL_FACTOR = 0.05;

  private RuleLogic() {}

  /**
   * One window of a series.
   *
   * @param value the series' value, or null when it had no point
   * @param alive whether the KPI had any point in this window (its source was delivering)
   * @param volume the series' volume in the window for a rule with a {@code min_volume}, or null
   */
  public record Observation(
      long windowStart, long windowEnd, Double value, boolean alive, Double volume) {
    public Observation(long windowStart, long windowEnd, Double value, boolean alive) {
      this(windowStart, windowEnd, value, alive, null);
    }
  }

  /** A change to tell receivers: the alert fires (since {@code at}) or resolves (at {@code at}). */
  public record Change(boolean firing, long at, double value, String expected, boolean flapping) {}

  /**
   * Updates {@code state} with the window and says what changed, if anything.
   *
   * @param history the series' value of an earlier window by its start (day/week baselines)
   */
  public static Optional<Change> step(
      Rule rule, SeriesState state, Observation obs, LongFunction<Double> history) {
    Condition condition = rule.condition();
    Rule.MinVolume minVolume = rule.minVolume();
    if (minVolume != null && minVolume.pool() && obs.value() != null) {
      obs = pool(minVolume, state, obs);
    } else if (minVolume != null
        && obs.value() != null
        && (obs.volume() == null || obs.volume() < minVolume.atLeast())) {
      // too few events behind the value to judge it: as if the series had no point
      obs = new Observation(obs.windowStart(), obs.windowEnd(), null, obs.alive(), obs.volume());
    }
    Boolean breach = null;
    if (condition instanceof Condition.Threshold t) {
      breach = threshold(t, state, obs);
    } else if (condition instanceof Condition.NoData n) {
      breach = silence(n, state, obs);
    } else if (condition instanceof Condition.RateOfChange r) {
      breach = change(r, state, obs, history);
    } else if (condition instanceof Condition.Anomaly a) {
      breach = anomaly(a, state, obs);
    }
    if (obs.value() != null) {
      state.lastValue = obs.value();
      state.observed++;
      if (state.firstSeen == SeriesState.NONE) {
        state.firstSeen = obs.windowStart();
      }
    }
    if (breach == null) {
      return Optional.empty();
    }
    return transition(rule, state, obs, breach);
  }

  /**
   * A window of a {@code min_volume} rule that pools: judged as it is when it has the volume and
   * nothing is held; else added to the windows held, which are judged together, on the median of
   * their values weighed by their volumes, once they have the volume. Held windows older than
   * {@link #POOL_SPAN_WINDOWS} windows are dropped: events that far apart say little about one
   * moment. Pooled, they count as one judged window towards {@code for}, so a pool is as much
   * evidence as a window with the volume, never more.
   */
  static Observation pool(Rule.MinVolume minVolume, SeriesState state, Observation obs) {
    double volume = obs.volume() == null ? 0 : obs.volume();
    long windowMs = obs.windowEnd() - obs.windowStart();
    if (state.pooled > 0 && obs.windowStart() - state.poolSince >= POOL_SPAN_WINDOWS * windowMs) {
      state.pooled = 0;
    }
    if (state.pooled == 0 && volume >= minVolume.atLeast()) {
      return obs;
    }
    if (state.poolValues.length < POOL_SPAN_WINDOWS) {
      state.poolValues = new double[POOL_SPAN_WINDOWS];
      state.poolVolumes = new double[POOL_SPAN_WINDOWS];
    }
    if (state.pooled == 0) {
      state.poolSince = obs.windowStart();
    }
    state.poolValues[state.pooled] = obs.value();
    state.poolVolumes[state.pooled] = volume;
    state.pooled++;
    double held = 0;
    for (int i = 0; i < state.pooled; i++) {
      held += state.poolVolumes[i];
    }
    if (held < minVolume.atLeast()) {
      return new Observation(obs.windowStart(), obs.windowEnd(), null, obs.alive(), obs.volume());
    }
    double median = weightedMedian(state.poolValues, state.poolVolumes, state.pooled);
    state.pooled = 0;
    return new Observation(obs.windowStart(), obs.windowEnd(), median, obs.alive(), held);
  }

  /**
   * The value below which half the weight lies, the lower one on a tie: as a latency sketch's p50
   * reads two calls (the faster of the two).
   */
  static double weightedMedian(double[] values, double[] weights, int n) {
    Integer[] order = new Integer[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      order[i] = i;
      total += weights[i];
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
    double half = Math.ceil(total / 2);
    double below = 0;
    for (Integer i : order) {
      below += weights[i];
      if (below >= half) {
        return values[i];
      }
    }
    return values[order[n - 1]];
  }

  /** The condition's verdict → the alert's state, with {@code for} and flap suppression. */
  private static Optional<Change> transition(
      Rule rule, SeriesState state, Observation obs, boolean breach) {
    long holdMs = Math.max(condition(rule).holdFor().toMillis(), 1);
    long windowMs = obs.windowEnd() - obs.windowStart();
    if (breach) {
      state.clearSince = SeriesState.NONE;
      state.breachWindows++;
    } else {
      state.breachWindows = 0;
      if (state.clearSince == SeriesState.NONE) {
        state.clearSince = obs.windowStart();
      }
    }
    // `for` holds both ways: a condition must hold to fire, and be gone as long to resolve, so a
    // quiet minute amid an outage does not resolve it. To fire, it must hold in as many judged
    // windows as `for` spans: a window too thin to judge (min_volume) is no evidence either way,
    // so two slow minutes around one that held a single call are two minutes, not three.
    boolean held =
        state.breached
            ? breach || obs.windowEnd() - state.clearSince < holdMs
            : breach && state.breachWindows * windowMs >= holdMs;
    if (held != state.breached) {
      state.breached = held;
      state.recordChange(obs.windowStart());
    }
    Rule.Flapping flapping = rule.flapping();
    long flapWindowStart = obs.windowStart() - flapping.within().toMillis();
    if (!state.flapping && state.changesSince(flapWindowStart) > flapping.changes()) {
      // reported once: firing, marked as flapping, then quiet until it settles
      state.flapping = true;
      if (!state.firing) {
        state.firing = true;
        state.firingSince = obs.windowStart();
      }
      return Optional.of(change(true, state.firingSince, state, true));
    }
    if (state.flapping) {
      if (state.lastChange() >= flapWindowStart) {
        return Optional.empty();
      }
      state.flapping = false;
      if (!state.breached && state.firing) {
        state.firing = false;
        return Optional.of(change(false, state.lastChange(), state, false));
      }
      return Optional.empty();
    }
    if (state.breached && !state.firing) {
      state.firing = true;
      state.firingSince = obs.windowStart();
      return Optional.of(change(true, obs.windowStart(), state, false));
    }
    if (!state.breached && state.firing) {
      state.firing = false;
      // it ended when the condition went away, not when that had lasted long enough to tell
      long endedAt = state.clearSince == SeriesState.NONE ? obs.windowStart() : state.clearSince;
      return Optional.of(change(false, endedAt, state, false));
    }
    return Optional.empty();
  }

  private static Change change(boolean firing, long at, SeriesState state, boolean flapping) {
    String expected = Double.isNaN(state.expected) ? null : expectedRange(state);
    return new Change(firing, at, state.lastValue, expected, flapping);
  }

  /** The expected value and the band around it, or the one line a one-sided rule watches. */
  private static String expectedRange(SeriesState state) {
    boolean low = !Double.isNaN(state.lower);
    boolean high = !Double.isNaN(state.upper);
    if (low && high) {
      return "%.4g (%.4g – %.4g)".formatted(state.expected, state.lower, state.upper);
    }
    if (low) {
      return "%.4g (alerting below %.4g)".formatted(state.expected, state.lower);
    }
    if (high) {
      return "%.4g (alerting above %.4g)".formatted(state.expected, state.upper);
    }
    return "%.4g".formatted(state.expected);
  }

  private static Condition condition(Rule rule) {
    return rule.condition();
  }

  // ---- threshold ----------------------------------------------------------------------------

  private static Boolean threshold(Condition.Threshold t, SeriesState state, Observation obs) {
    if (obs.value() == null) {
      return null;
    }
    if (t.surprise() != null) {
      return obs.volume() == null ? null : shareEvidence(t, state, obs.value(), obs.volume());
    }
    double v = obs.value();
    if (state.breached) {
      // hysteresis: stays breached until past the recovery line
      return t.above() ? v > t.recover() : v < t.recover();
    }
    return t.above() ? v > t.limit() : v < t.limit();
  }

  /**
   * Adds a window's evidence that the share is at the limit rather than at the recovery line: its
   * {@code share · volume} hits and the rest, weighed by the log-likelihood ratio of the two
   * Bernoulli rates (a CUSUM floored at 0, capped at the bar so that it resolves soon after).
   */
  static boolean shareEvidence(
      Condition.Threshold t, SeriesState state, double share, double volume) {
    double bar = -Math.log(t.surprise());
    double hits = Math.rint(Math.min(1, Math.max(0, share)) * volume);
    double misses = volume - hits;
    double trouble = t.limit();
    double usual = t.recover();
    double evidence =
        hits * Math.log(trouble / usual) + misses * Math.log((1 - trouble) / (1 - usual));
    state.evidence = Math.min(bar, Math.max(0, state.evidence + evidence));
    state.expected = usual;
    state.lower = t.above() ? Double.NaN : trouble;
    state.upper = t.above() ? trouble : Double.NaN;
    if (state.evidence >= bar) {
      return true;
    }
    return state.breached && state.evidence > bar / 2;
  }

  // ---- no_data ------------------------------------------------------------------------------

  private static Boolean silence(Condition.NoData n, SeriesState state, Observation obs) {
    if (!obs.alive()) {
      // the whole KPI is silent (a feed down, the monitor restarting): not this series' doing
      return null;
    }
    if (n.fall() == null || !fallJudged(state, obs)) {
      return stopped(n, state, obs, true);
    }
    // judged on the rate learned before this window
    boolean alarmed = state.breached;
    boolean low = shortfall(n, state, obs);
    Boolean stopped = stopped(n, state, obs, false);
    long windowMs = obs.windowEnd() - obs.windowStart();
    if (alarmed) {
      // a rate that fell is not what to expect of this hour: neither it nor its onset is learned
      state.undecided = 0;
    } else if (obs.value() != null || state.observed > 0) {
      // every window is learned, quiet ones too, but only once the evidence of a fall is back to
      // nothing: the windows of a fall being weighed must not teach the rate they are judged by
      double count = obs.value() == null ? 0 : Math.max(0, obs.value());
      holdBack(
          state,
          FALL_HELD_BACK,
          obs.windowStart(),
          windowMs,
          count,
          0,
          (start, held, unused) -> learn(state, hourOf(start), held, windowMs));
    }
    if (stopped == null) {
      return low ? Boolean.TRUE : null;
    }
    return stopped || low;
  }

  /**
   * Adds this window's evidence that the series' rate fell to {@code 1 - fall} of its learned rate
   * for this hour (the log-likelihood ratio of its count under the two Poisson rates, a CUSUM
   * floored at 0) and says whether that evidence is as strong as {@code surprise} is unlikely.
   */
  static boolean shortfall(Condition.NoData n, SeriesState state, Observation obs) {
    double bar = -Math.log(n.surprise());
    double rho = 1 - n.fall();
    double rate = expectedRate(state, hourOf(obs.windowStart()));
    double count = obs.value() == null ? 0 : Math.max(0, obs.value());
    double evidence = count * Math.log(rho) + rate * (1 - rho);
    // capped at the bar, so the alert resolves within a few windows of the rate's return
    state.evidence = Math.min(bar, Math.max(0, state.evidence + evidence));
    if (state.evidence >= bar) {
      state.expected = rate;
      state.lower = rate * rho;
      state.upper = Double.NaN;
      return true;
    }
    // once firing, it holds until half the evidence is gone: a good minute amid a stall is noise
    return state.breached && state.evidence > bar / 2;
  }

  /**
   * Whether a fall of the rate is judged yet: only once a whole day of the series has been seen.
   * Before that the hours' rates are guesses, and the day's own rhythm (an evening halving its
   * shipments within the hour) is exactly such a fall; silence alone is judged meanwhile.
   */
  private static boolean fallJudged(SeriesState state, Observation obs) {
    return state.observed >= FALL_WARM_UP_WINDOWS
        && state.firstSeen != SeriesState.NONE
        && obs.windowStart() - state.firstSeen >= FALL_WARM_UP_MS;
  }

  /** The series' expected count per window in this hour of the day (its Gamma posterior mean). */
  private static double expectedRate(SeriesState state, int hour) {
    return (PRIOR_WINDOWS * priorRate(state) + state.countByHour[hour])
        / (PRIOR_WINDOWS + state.windowsByHour[hour]);
  }

  /**
   * No point, or a zero count, for longer than the series' learned rate makes likely.
   *
   * @param learns whether this learns the rates itself (a silence that alarmed nobody as the zeros
   *     it was); with a fall judged, windows are learned once its evidence is gone instead
   */
  private static Boolean stopped(
      Condition.NoData n, SeriesState state, Observation obs, boolean learns) {
    boolean silent = obs.value() == null || obs.value() == 0;
    long windowMs = obs.windowEnd() - obs.windowStart();
    if (!silent) {
      if (learns) {
        if (state.silentSince != SeriesState.NONE && !state.breached) {
          // a silence that alarmed nobody was normal: learn it now, as the zeros it was
          for (long w = state.silentSince; w < obs.windowStart(); w += windowMs) {
            learn(state, hourOf(w), 0, windowMs);
          }
        }
        learn(state, hourOf(obs.windowStart()), obs.value(), windowMs);
      }
      state.silentSince = SeriesState.NONE;
      return false;
    }
    if (state.observed == 0) {
      return null;
    }
    if (state.silentSince == SeriesState.NONE) {
      state.silentSince = obs.windowStart();
    }
    if (n.surprise() == null) {
      return true;
    }
    if (state.observed < SILENCE_WARM_UP) {
      return false;
    }
    // How likely is seeing nothing for this long? The count per window in each hour of the day
    // is Poisson with a rate learned before the silence; not knowing the rate exactly (a Gamma
    // posterior over it, with a weak prior) makes the chance of zero negative-binomial:
    // (b / (b + t))^a for t windows, a the counts seen, b the windows seen. The prior is the
    // series' overall rate, bounded by its recent rate: an hour of the day not seen yet (the first
    // day) is expected to look like the last hour, not like the busiest hours so far. The prior
    // weighs no more than the windows of other hours it was learned from.
    double overall = priorRate(state);
    double windowsSeen = 0;
    for (int h = 0; h < SeriesState.HOURS; h++) {
      windowsSeen += state.windowsByHour[h];
    }
    // the silent windows of each hour of the day share that hour's unknown rate: t of them have
    // the chance (b / (b + t))^a, not (b / (b + 1))^(a t), which would take a guess for a certainty
    double[] silentByHour = new double[SeriesState.HOURS];
    for (long w = state.silentSince; w <= obs.windowStart(); w += windowMs) {
      silentByHour[hourOf(w)]++;
    }
    double logChance = 0;
    double expected = 0;
    for (int h = 0; h < SeriesState.HOURS; h++) {
      double t = silentByHour[h];
      if (t == 0) {
        continue;
      }
      double priorWindows = Math.min(PRIOR_WINDOWS, windowsSeen - state.windowsByHour[h]);
      double a = priorWindows * overall + state.countByHour[h];
      double b = priorWindows + state.windowsByHour[h];
      if (a <= 0 || b <= 0) {
        continue;
      }
      logChance += a * Math.log(b / (b + t));
      expected += t * a / b;
    }
    state.expected = expected;
    state.lower = 0;
    state.upper = Double.NaN;
    return logChance < Math.log(n.surprise());
  }

  /** What one hour of the day weighs before it has been seen: a few windows' worth. */
  static final double PRIOR_WINDOWS = 10;

  /** The prior rate of an hour of the day: the overall rate, at most the recent one. */
  static double priorRate(SeriesState state) {
    double overall = overallRate(state);
    return state.recentWindows > 0 ? Math.min(overall, state.recentRate) : overall;
  }

  /**
   * Windows the recent rate of a series averages over (an exponential average): as many as the
   * prior weighs, and few enough to follow an evening's decline without lagging far behind.
   */
  static final double RECENT_WINDOWS = PRIOR_WINDOWS;

  private static double overallRate(SeriesState state) {
    double counts = 0;
    double windows = 0;
    for (int h = 0; h < SeriesState.HOURS; h++) {
      counts += state.countByHour[h];
      windows += state.windowsByHour[h];
    }
    return windows == 0 ? 0 : counts / windows;
  }

  private static int hourOf(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).getHour();
  }

  private static void learn(SeriesState state, int hour, double count, long windowMs) {
    // an hour of the day sees 3600 s / window of them a day: forget a week of them
    double keep = 1 - (double) windowMs / (RATE_MEMORY_MS / 24);
    state.countByHour[hour] = state.countByHour[hour] * keep + count;
    state.windowsByHour[hour] = state.windowsByHour[hour] * keep + 1;
    // the recent rate: a plain mean of the first windows, then an exponential average
    state.recentWindows = Math.min(RECENT_WINDOWS, state.recentWindows + 1);
    state.recentRate += (count - state.recentRate) / state.recentWindows;
  }

  // ---- rate_of_change -----------------------------------------------------------------------

  private static Boolean change(
      Condition.RateOfChange r, SeriesState state, Observation obs, LongFunction<Double> history) {
    // every window's volume is kept, judged or not: it is what a later window is judged against
    Double queueDwellBefore =
        r.departures() && r.dwell() != null && obs.volume() != null
            ? queueDwellBefore(r.dwell(), state, obs)
            : null;
    Double laggedVolume = r.lag() != null ? laggedVolume(r.lag(), state, obs) : null;
    if (obs.value() == null) {
      return null;
    }
    if (r.surprise() != null) {
      if (obs.volume() == null) {
        return null;
      }
      if (r.lag() != null) {
        // the window's hits, of the volume of a window's span a lag before
        double hits = obs.value() * obs.volume();
        return laggedVolume == null || laggedVolume <= 0
            ? null
            : shareChange(r, state, Math.min(1, hits / laggedVolume), laggedVolume);
      }
      if (!r.departures()) {
        return shareChange(r, state, obs.value(), obs.volume());
      }
      // what was there to leave: the queue a dwell before (what joined since cannot leave yet), or
      // without a dwell the queue at the window's end plus what left
      double there =
          r.dwell() == null
              ? obs.value() + obs.volume()
              : queueDwellBefore == null ? 0 : queueDwellBefore;
      return there > 0 ? shareChange(r, state, Math.min(1, obs.value() / there), there) : null;
    }
    double v = obs.value();
    Double baseline =
        switch (r.against()) {
          case PREVIOUS -> median(state, r.windows());
          case DAY -> history.apply(obs.windowStart() - 86_400_000L);
          case WEEK -> history.apply(obs.windowStart() - 7 * 86_400_000L);
        };
    if (baseline == null
        || baseline <= 0
        || (r.minBaseline() != null && baseline < r.minBaseline())) {
      // no baseline yet, or too little volume for a relative change to mean anything
      rememberIfNormal(r, state, v, false);
      return null;
    }
    state.expected = baseline;
    state.lower = r.fall() == null ? Double.NaN : baseline * (1 - r.fall());
    state.upper = r.rise() == null ? Double.NaN : baseline * (1 + r.rise());
    // recovery halfway back, so a value hovering at the line does not flap
    double rise = state.breached && r.rise() != null ? r.rise() / 2 : nullToNaN(r.rise());
    double fall = state.breached && r.fall() != null ? r.fall() / 2 : nullToNaN(r.fall());
    boolean up = !Double.isNaN(rise) && v > baseline * (1 + rise);
    boolean down = !Double.isNaN(fall) && v < baseline * (1 - fall);
    rememberIfNormal(r, state, v, up || down);
    return up || down;
  }

  /**
   * Keeps the queue at this window's end and returns the queue at the end of the window one {@code
   * dwell} before, or null if that window was not seen.
   */
  static Double queueDwellBefore(Duration dwell, SeriesState state, Observation obs) {
    int back = (int) Math.max(1, dwell.toMillis() / windowMs(obs));
    return volumeBefore(state, obs, back, back + 1);
  }

  /**
   * Keeps this window's volume and returns the volume of a window's span {@code lag} before this
   * window (the two windows it straddles, in proportion), or null if this window's volume is not
   * known or those windows were not seen.
   */
  static Double laggedVolume(Duration lag, SeriesState state, Observation obs) {
    if (obs.volume() == null) {
      return null;
    }
    long windowMs = windowMs(obs);
    int back = (int) (lag.toMillis() / windowMs);
    double older = (double) (lag.toMillis() % windowMs) / windowMs;
    Double newer = volumeBefore(state, obs, back, back + 2);
    Double oldest = older > 0 ? volumeBefore(state, obs, back + 1, back + 2) : Double.valueOf(0);
    return newer == null || oldest == null ? null : (1 - older) * newer + older * oldest;
  }

  /**
   * Keeps this window's volume among those of the last {@code span} windows and returns that of the
   * window {@code back} windows before it ({@code back < span}), or null if it was not seen.
   */
  private static Double volumeBefore(SeriesState state, Observation obs, int back, int span) {
    if (state.pastVolumes.length != span) {
      state.pastVolumes = new double[span];
      state.pastVolumeWindows = new long[span];
      Arrays.fill(state.pastVolumeWindows, SeriesState.NONE);
    }
    long window = Math.floorDiv(obs.windowStart(), windowMs(obs));
    int slot = (int) Math.floorMod(window, (long) span);
    state.pastVolumes[slot] = obs.volume();
    state.pastVolumeWindows[slot] = window;
    int before = (int) Math.floorMod(window - back, (long) span);
    return state.pastVolumeWindows[before] == window - back ? state.pastVolumes[before] : null;
  }

  private static long windowMs(Observation obs) {
    return obs.windowEnd() - obs.windowStart();
  }

  /** The baseline is what is normal: a window in breach, or of an alert, stays out of it. */
  private static void rememberIfNormal(
      Condition.RateOfChange r, SeriesState state, double v, boolean breach) {
    if (r.against() == Condition.RateOfChange.Baseline.PREVIOUS && !breach && !state.breached) {
      remember(state, r.windows(), v);
    }
  }

  private static double nullToNaN(Double d) {
    return d == null ? Double.NaN : d;
  }

  private static Double median(SeriesState state, int windows) {
    if (state.recentCount < windows) {
      return null;
    }
    double[] values = Arrays.copyOf(state.recent, state.recentCount);
    Arrays.sort(values);
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  /**
   * A share against the pooled share of the previous windows, on counts: adds the window's evidence
   * that the share moved by the rule's fall (or rise) to the CUSUM and says whether it is as strong
   * as the surprise is unlikely. Only windows that leave no evidence become the baseline.
   */
  static Boolean shareChange(
      Condition.RateOfChange r, SeriesState state, double share, double volume) {
    // at most the volume: a lagged volume is fractional, and rounding must not make misses negative
    double hits = Math.min(volume, Math.rint(Math.min(1, Math.max(0, share)) * volume));
    double baseHits = 0;
    double baseVolume = 0;
    for (int i = 0; i < state.recentCount; i++) {
      baseHits += state.recent[i];
      baseVolume += state.recentVolumes[i];
    }
    if (state.recentCount < r.windows()
        || state.recentVolumes.length != r.windows()
        || baseHits <= 0
        || baseHits >= baseVolume) {
      // no baseline yet (or one of a share of 0 or 1, which no move of it explains better)
      rememberShare(state, r.windows(), hits, volume);
      return null;
    }
    double usual = baseHits / baseVolume;
    // the usual share as known from the baseline's counts: a Beta posterior
    double alpha = baseHits + 1;
    double beta = baseVolume - baseHits + 1;
    double bar = -Math.log(r.surprise());
    double evidence;
    if (state.breached) {
      // firing: each window says for itself whether the change still holds (a CUSUM)
      evidence = state.evidence + moveEvidence(r, hits, volume, 1, alpha, beta);
    } else {
      // the windows since the evidence began (those held back) share the baseline's unknown
      // share with this one: they are weighed together, once, so a doubt about the baseline
      // counts once and not once a window (a quiet night's baseline then paged a busy morning,
      // each quarter as if it alone doubted the night). Weighed from whichever of them the change
      // most likely began at: a slow leak's first quarters hardly fell
      double runHits = hits;
      double runVolume = volume;
      evidence = moveEvidence(r, runHits, runVolume, seen(runHits, runVolume, usual), alpha, beta);
      int held = state.undecidedCounts.length == r.windows() ? state.undecided : 0;
      for (int i = held - 1; i >= 0; i--) {
        runHits += state.undecidedCounts[i];
        runVolume += state.undecidedVolumes[i];
        evidence =
            Math.max(
                evidence,
                moveEvidence(r, runHits, runVolume, seen(runHits, runVolume, usual), alpha, beta));
      }
    }
    state.evidence = Math.min(bar, Math.max(0, evidence));
    state.expected = usual;
    state.lower = r.fall() == null ? Double.NaN : usual * (1 - r.fall());
    state.upper = r.rise() == null ? Double.NaN : usual * (1 + r.rise());
    if (state.breached) {
      // a change that alarms is not the baseline: neither it nor its onset is remembered
      state.undecided = 0;
    } else {
      // windows are remembered once the evidence is back to nothing, so a change being weighed
      // does not drag the baseline along, and ordinary windows all count (not only the high ones)
      // (at most as many as the baseline spans wait: one frozen for longer would be judged
      // against an older world)
      holdBack(
          state,
          r.windows(),
          0,
          0,
          hits,
          volume,
          (start, held, heldVolume) -> rememberShare(state, r.windows(), held, heldVolume));
    }
    if (state.evidence >= bar) {
      return true;
    }
    return state.breached && state.evidence > bar / 2;
  }

  /** What becomes of a window held back: learned into the rate, or remembered in the baseline. */
  @FunctionalInterface
  private interface Settle {
    void window(long windowStart, double count, double volume);
  }

  /**
   * Holds a window back while the evidence of trouble is being weighed, so that the windows of a
   * change do not teach the baseline they are judged by: all held windows are settled, in order,
   * once the evidence is back to nothing, and the oldest when more than {@code capacity} wait. An
   * alert drops them ({@code state.undecided = 0}).
   */
  private static void holdBack(
      SeriesState state,
      int capacity,
      long windowStart,
      long windowMs,
      double count,
      double volume,
      Settle settle) {
    if (state.undecidedCounts.length != capacity) {
      state.undecidedCounts = new double[capacity];
      state.undecidedVolumes = new double[capacity];
      state.undecided = 0;
    }
    if (state.undecided == 0) {
      state.undecidedSince = windowStart;
    }
    if (state.undecided == capacity) {
      settle.window(state.undecidedSince, state.undecidedCounts[0], state.undecidedVolumes[0]);
      System.arraycopy(state.undecidedCounts, 1, state.undecidedCounts, 0, capacity - 1);
      System.arraycopy(state.undecidedVolumes, 1, state.undecidedVolumes, 0, capacity - 1);
      state.undecided--;
      state.undecidedSince += windowMs;
    }
    state.undecidedCounts[state.undecided] = count;
    state.undecidedVolumes[state.undecided++] = volume;
    if (state.evidence == 0) {
      for (int i = 0; i < state.undecided; i++) {
        settle.window(
            state.undecidedSince + i * windowMs,
            state.undecidedCounts[i],
            state.undecidedVolumes[i]);
      }
      state.undecided = 0;
    }
  }

  /** The counts' share over the usual share (1 without volume). */
  private static double seen(double hits, double volume, double usual) {
    return volume > 0 ? hits / volume / usual : 1;
  }

  /**
   * How much better a share moved by the rule's fall (or rise), or by as much as {@code seen} (the
   * counts' share over the usual) if that is more, explains the counts than the usual share: a leak
   * that halves conversion is no likelier a 30% fall than no fall at all. At most by twice the
   * move, though (a fall to nearly nothing when twice the fall is all of it): free to take any
   * size, one extreme window (a quarter of 241 sessions and no order) would prove a fall by itself.
   * The likelier of the two moves (a rule rarely watches both).
   */
  private static double moveEvidence(
      Condition.RateOfChange r,
      double hits,
      double volume,
      double seen,
      double alpha,
      double beta) {
    double evidence = Double.NEGATIVE_INFINITY;
    if (r.fall() != null) {
      double by = 1 - r.fall();
      double factor = Math.max(Math.max(MIN_FALL_FACTOR, 1 - 2 * r.fall()), Math.min(by, seen));
      evidence = Math.max(evidence, moveEvidence(hits, volume, factor, alpha, beta));
    }
    if (r.rise() != null) {
      double by = 1 + r.rise();
      double factor = Math.min(1 + 2 * r.rise(), Math.max(by, seen));
      evidence = Math.max(evidence, moveEvidence(hits, volume, factor, alpha, beta));
    }
    return evidence;
  }

  /**
   * How much better a share moved by {@code factor} explains the counts than the usual share. The
   * usual share is known only from the baseline windows' counts (a Beta posterior), so the fewer
   * they were, the less any count can prove: a baseline of three quiet hours is a guess.
   */
  private static double moveEvidence(
      double hits, double volume, double factor, double alpha, double beta) {
    double movedAlpha = Math.min(alpha * factor, alpha + beta - 1e-6);
    double movedBeta = alpha + beta - movedAlpha;
    return BetaBinomial.lnLikelihoodRatio(hits, volume, movedAlpha, movedBeta, alpha, beta);
  }

  private static void rememberShare(SeriesState state, int windows, double hits, double volume) {
    if (state.recentVolumes.length != windows) {
      state.recentVolumes = new double[windows];
      state.recent = new double[windows];
      state.recentCount = 0;
      state.recentNext = 0;
    }
    state.recentVolumes[state.recentNext] = volume;
    remember(state, windows, hits);
  }

  private static void remember(SeriesState state, int windows, double v) {
    if (state.recent.length != windows) {
      state.recent = new double[windows];
      state.recentCount = 0;
      state.recentNext = 0;
    }
    state.recent[state.recentNext] = v;
    state.recentNext = (state.recentNext + 1) % windows;
    state.recentCount = Math.min(windows, state.recentCount + 1);
  }

  // ---- anomaly ------------------------------------------------------------------------------

  private static Boolean anomaly(Condition.Anomaly a, SeriesState state, Observation obs) {
    if (obs.value() == null) {
      return null;
    }
    DetectorSettings settings = DetectorSettings.defaults().withSensitivity(a.sensitivity());
    AnomalyDetector detector =
        state.detector == null ? new AnomalyDetector(settings) : thaw(state.detector);
    Verdict verdict = detector.update(obs.windowStart(), obs.value());
    state.detector = freeze(detector);
    state.expected = verdict.expected();
    state.lower = verdict.lower();
    state.upper = verdict.upper();
    if (verdict.score() >= settings.alertScore()) {
      state.calmWindows = 0;
      return true;
    }
    if (state.breached) {
      state.calmWindows = verdict.score() < CALM_SCORE ? state.calmWindows + 1 : 0;
      return state.calmWindows < CALM_TO_RESOLVE;
    }
    return false;
  }

  private static byte[] freeze(AnomalyDetector detector) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16_384);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(detector);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static AnomalyDetector thaw(byte[] bytes) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (AnomalyDetector) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("an anomaly detector's state cannot be read", e);
    }
  }
}
