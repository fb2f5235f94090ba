package com.opsmon.jobs.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.opsmon.model.alerts.Severity;
import com.opsmon.model.rules.Condition;
import com.opsmon.model.rules.Rule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The rules' verdicts, window by window, without Flink. */
class RuleLogicTest {
  private static final long T0 = 1_800_000_000_000L - 1_800_000_000_000L % 3_600_000;
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final long QUARTER = 15 * MINUTE;

  private SeriesState state = new SeriesState();
  private final List<String> told = new ArrayList<>();

  private static Rule rule(Condition condition) {
    return rule(condition, Rule.Flapping.DEFAULT);
  }

  private static Rule rule(Condition condition, Rule.Flapping flapping) {
    return new Rule(
        "test",
        "orders",
        Duration.ofMinutes(1),
        Map.of(),
        Severity.WARNING,
        Map.of(),
        "{rule} {value}",
        null,
        condition,
        flapping,
        100);
  }

  /** A rule judging only windows where {@code minVolume} holds. */
  private static Rule guardedRule(
      String name,
      String kpi,
      Duration window,
      Severity severity,
      Condition condition,
      Rule.MinVolume minVolume) {
    return new Rule(
        name,
        kpi,
        window,
        Map.of(),
        severity,
        Map.of(),
        "{rule} {value}",
        null,
        condition,
        Rule.Flapping.DEFAULT,
        100,
        minVolume,
        null,
        null,
        null);
  }

  /** Feeds minute {@code m}; {@code value} null means no point; returns what changed. */
  private Optional<RuleLogic.Change> minute(Rule rule, int m, Double value, boolean alive) {
    Optional<RuleLogic.Change> change =
        RuleLogic.step(
            rule,
            state,
            new RuleLogic.Observation(T0 + m * MINUTE, T0 + (m + 1) * MINUTE, value, alive),
            w -> null);
    change.ifPresent(c -> told.add((c.firing() ? "fire@" : "resolve@") + (c.at() - T0) / MINUTE));
    return change;
  }

  /**
   * Feeds the window {@code index} of the given length (a share with its volume; null: no point)
   * and records what changed, at the index of the window it changed in.
   */
  private void window(Rule rule, long length, int index, Double value, Double volume) {
    long start = T0 + index * length;
    RuleLogic.step(
            rule,
            state,
            new RuleLogic.Observation(start, start + length, value, true, volume),
            w -> null)
        .ifPresent(
            c -> {
              told.add((c.firing() ? "fire@" : "resolve@") + (c.at() - T0) / length);
              lastChange = c;
            });
  }

  private RuleLogic.Change lastChange;

  private void minutes(Rule rule, double... values) {
    for (int m = 0; m < values.length; m++) {
      minute(rule, m, Double.isNaN(values[m]) ? null : values[m], true);
    }
  }

  @Test
  void shouldFireAThresholdOnlyOnceItHeldForItsDurationAndResolveOnlyBelowTheRecoveryLine() {
    Rule above = rule(new Condition.Threshold(true, 10, 5, Duration.ofMinutes(2)));

    // 11 for one minute: not yet; then two: fires from the second; 8 is between the lines: holds
    minutes(above, 1, 11, 3, 11, 12, 8, 9, 4, 4, 11);

    assertThat(told).containsExactly("fire@4", "resolve@7");
  }

  @Test
  void shouldNotResolveOnOneQuietWindowInTheMiddleOfAnOutage() {
    Rule above = rule(new Condition.Threshold(true, 0.5, 0.2, Duration.ofMinutes(2)));

    minutes(above, 0.1, 0.9, 0.9, 0.0, 0.9, 1.0, 0.1, 0.0, 0.1);

    assertThat(told).containsExactly("fire@2", "resolve@6");
  }

  @Test
  void shouldCountOnlyTheWindowsItCouldJudgeTowardsTheDuration() {
    Rule above = rule(new Condition.Threshold(true, 10, 5, Duration.ofMinutes(3)));

    // a minute without a point between two high ones: three minutes have passed, but only two
    // said anything; the third high minute makes three
    minutes(above, 1, 11, Double.NaN, 12, 3, 11, Double.NaN, 12, 13);

    assertThat(told).containsExactly("fire@8");
  }

  @Test
  void shouldNotChangeAThresholdWithoutAPoint() {
    Rule below = rule(new Condition.Threshold(false, 1, 1, Duration.ZERO));

    minutes(below, 5, Double.NaN, Double.NaN, 5);

    assertThat(told).isEmpty();
  }

  @Test
  void shouldCallSilenceNoDataOnlyWhileTheKpisOtherSeriesReport() {
    Rule silent = rule(new Condition.NoData(Duration.ofMinutes(2), null));
    minute(silent, 0, 3.0, true);
    // the whole KPI silent (a feed down, a restart): not this series' silence
    minute(silent, 1, null, false);
    minute(silent, 2, null, false);
    minute(silent, 3, null, false);
    assertThat(told).isEmpty();

    minute(silent, 4, null, true);
    minute(silent, 5, 0.0, true);
    minute(silent, 6, 2.0, true);
    minute(silent, 7, 3.0, true);

    // fired once silent for 2 minutes; resolved at 6, once back for as long
    assertThat(told).containsExactly("fire@5", "resolve@6");
  }

  @Test
  void shouldNeverCallASeriesSilentThatNeverReported() {
    Rule silent = rule(new Condition.NoData(Duration.ofMinutes(1), null));

    minutes(silent, Double.NaN, Double.NaN, Double.NaN);

    assertThat(told).isEmpty();
  }

  /** A series seen for two days at {@code perMinute} orders a minute (Poisson). */
  private void learn(Rule rule, double perMinute, Random random) {
    for (int m = 0; m < 2 * 24 * 60; m++) {
      minute(rule, m - 2 * 24 * 60, (double) poisson(perMinute, random), true);
    }
    told.clear();
  }

  private static int poisson(double mean, Random random) {
    int k = 0;
    double p = Math.exp(-mean);
    double s = p;
    double u = random.nextDouble();
    while (u > s) {
      k++;
      p *= mean / k;
      s += p;
    }
    return k;
  }

  @Test
  void shouldFindTheSilenceOfABusySeriesSurprisingWithinMinutes() {
    Rule surprising = rule(new Condition.NoData(Duration.ofMinutes(1), 1e-4));
    learn(surprising, 8, new Random(1));

    minute(surprising, 0, null, true);
    minute(surprising, 1, null, true);

    // 8 expected in the first silent minute is not yet surprising enough; 16 in two is
    assertThat(told).containsExactly("fire@1");
  }

  @Test
  void shouldNotFindTheSameSilenceSurprisingInASeriesThatSeesTwoOrdersAnHour() {
    Rule surprising = rule(new Condition.NoData(Duration.ofMinutes(1), 1e-4));
    learn(surprising, 2.0 / 60, new Random(2));
    minute(surprising, 0, 1.0, true);

    for (int m = 1; m < 61; m++) {
      minute(surprising, m, 0.0, true);
    }

    assertThat(told).isEmpty();
  }

  /** Minutes {@code from} until {@code to} at {@code perMinute} a minute (Poisson). */
  private void stretch(Rule rule, int from, int to, double perMinute, Random random) {
    for (int m = from; m < to; m++) {
      minute(rule, m, (double) poisson(perMinute, random), true);
    }
  }

  @Test
  void shouldJudgeSilenceInAnHourNotSeenYetByTheRecentRateNotByTheBusiestHoursSoFar() {
    // the first day: three busy hours, then the evening: two hours of decline to a twentieth
    Rule surprising = rule(new Condition.NoData(Duration.ofMinutes(1), 1e-4));
    Random random = new Random(3);
    stretch(surprising, 0, 180, 10, random);
    told.clear();
    for (int m = 180; m < 300; m++) {
      stretch(surprising, m, m + 1, 10 - 9.5 * (m - 180) / 120.0, random);
    }

    // then an hour never seen before at the evening's rate: its quiet minutes are likely at that
    // rate, though they would be most surprising at the day's overall rate (about 8 a minute)
    stretch(surprising, 300, 360, 0.5, random);

    assertThat(told).isEmpty();
  }

  @Test
  void shouldStillFindABusySeriesStoppingSurprisingOnItsFirstDay() {
    Rule surprising = rule(new Condition.NoData(Duration.ofMinutes(1), 1e-4));
    stretch(surprising, 0, 90, 10, new Random(4));

    for (int m = 90; m < 95; m++) {
      minute(surprising, m, null, true);
    }

    // ten expected in the first silent minute: e^-10 is surprising at once
    assertThat(told).containsExactly("fire@90");
  }

  @Test
  void shouldFindABusySeriesStoppingSurprisingInItsFirstHour() {
    // forty minutes at about ten a minute are enough to know that an empty minute is not normal
    // (a feed stopping soon after the monitor starts)
    Rule surprising = rule(new Condition.NoData(Duration.ofMinutes(1), 1e-5));
    stretch(surprising, 0, 40, 10, new Random(9));

    for (int m = 40; m < 45; m++) {
      minute(surprising, m, null, true);
    }

    assertThat(told).containsExactly("fire@41");
  }

  @Test
  void shouldNeverFindASeriesSeenInAFewWindowsSilent() {
    // a region sending for a few minutes (a test, a burst), then a day without another event: a
    // few windows say too little about a rate for any length of silence to be surprising
    Rule surprising = rule(new Condition.NoData(Duration.ofMinutes(1), 1e-5));
    stretch(surprising, 0, RuleLogic.SILENCE_WARM_UP - 1, 10, new Random(10));

    for (int m = RuleLogic.SILENCE_WARM_UP - 1; m < 24 * 60; m++) {
      minute(surprising, m, null, true);
    }

    assertThat(told).isEmpty();
  }

  @Test
  void shouldWeighTheRateOfAnHourNotSeenYetAsTheGuessItIs() {
    // an hour at about one a minute, then silence in the next hour, never seen but for its first
    // minute: its rate is a guess worth about ten counts in eleven windows, so t silent windows
    // have a chance of about (11 / (11 + t))^10 — below 1e-4 from t = 17 (minute 77); had the
    // rate been known, the per-window chance (11 / 12)^10 would have said so from t = 11
    Rule surprising = rule(new Condition.NoData(Duration.ofMinutes(1), 1e-4));
    stretch(surprising, 0, 60, 1, new Random(5));
    minute(surprising, 60, 1.0, true);

    for (int m = 61; m < 90; m++) {
      minute(surprising, m, null, true);
    }

    assertThat(told).containsExactly("fire@77");
  }

  @Test
  void shouldFindACountThatKeepsComingButFarBelowItsRateAndResolveOnceItIsBack() {
    // a day of a warehouse shipping about two a minute, then it stalls to a fifth: too few,
    // though never silent for long; the evidence per minute is about 2 · 0.5 − 0.4 · ln 2 ≈ 0.72
    // nats, so ln(10^4) ≈ 9.2 of them take some 13 minutes
    Rule low = rule(new Condition.NoData(Duration.ofMinutes(1), 1e-4, 0.5));
    Random random = new Random(6);
    stretch(low, 0, 1500, 2, random);
    assertThat(told).isEmpty();

    stretch(low, 1500, 1560, 0.4, random);
    assertThat(told).hasSize(1);
    int firedAt = Integer.parseInt(told.get(0).substring("fire@".length()));
    assertThat(firedAt).isBetween(1505, 1525);

    stretch(low, 1560, 1620, 2, random);
    assertThat(told).hasSize(2);
    assertThat(told.get(1)).startsWith("resolve@");
  }

  @Test
  void shouldNotJudgeAFallBeforeADayOfTheSeriesHasBeenSeen() {
    // a busy series falling from 20 to 8 a minute two hours into its first day: the fall would
    // prove itself within minutes (about 4.5 nats each), but the hours' rates are still guesses;
    // 8 a minute is never silent, so no_data has nothing to say either
    Rule low = rule(new Condition.NoData(Duration.ofMinutes(1), 1e-4, 0.5));
    Random random = new Random(6);
    stretch(low, 0, 120, 20, random);

    stretch(low, 120, 180, 8, random);

    assertThat(told).isEmpty();
  }

  @Test
  void shouldNotFindTheUsualUpsAndDownsOfACountTooFewForDays() {
    // three days of Poisson counts with a daily rhythm (2 at night to 12 a minute by day): its
    // quiet minutes are what its rate predicts, so at 1e-5 nothing fires
    Rule low = rule(new Condition.NoData(Duration.ofMinutes(5), 1e-5, 0.5));
    Random random = new Random(7);
    for (int m = 0; m < 3 * 1440; m++) {
      double perMinute = 7 - 5 * Math.cos(2 * Math.PI * m / 1440.0);
      stretch(low, m, m + 1, perMinute, random);
    }

    assertThat(told).isEmpty();
  }

  @Test
  void shouldNotFindAShortfallInASeriesTooQuietToShowOne() {
    // two an hour: an hour without any is likely enough, and so is half an hour of anything
    Rule low = rule(new Condition.NoData(Duration.ofMinutes(1), 1e-4, 0.5));
    Random random = new Random(8);
    stretch(low, 0, 180, 2.0 / 60, random);

    stretch(low, 180, 300, 0.0, random);

    assertThat(told).isEmpty();
  }

  @Test
  void shouldNotJudgeAChangeAgainstABaselineBelowTheMinimumVolume() {
    Rule guarded =
        rule(
            new Condition.RateOfChange(
                Condition.RateOfChange.Baseline.PREVIOUS, 5, 1.0, null, Duration.ZERO, 10.0));

    // 3 → 9 triples a baseline too small to mean anything; once the baseline is 20, 45 fires
    minutes(guarded, 3, 3, 3, 3, 3, 9, 9, 9, 20, 20, 20, 20, 20, 45);

    assertThat(told).containsExactly("fire@13");
  }

  private static Rule shareRule(double surprise) {
    return guardedRule(
        "test",
        "service_error_rate",
        Duration.ofMinutes(1),
        Severity.CRITICAL,
        new Condition.Threshold(true, 0.15, 0.01, Duration.ofMinutes(1), surprise),
        new Rule.MinVolume("service_requests", 1));
  }

  /**
   * Minutes {@code from} until {@code to} of {@code perMinute} requests, each failing at {@code
   * failing}.
   */
  private void requests(
      Rule rule, int from, int to, double perMinute, double failing, Random random) {
    for (int m = from; m < to; m++) {
      int n = poisson(perMinute, random);
      int failed = 0;
      for (int i = 0; i < n; i++) {
        failed += random.nextDouble() < failing ? 1 : 0;
      }
      window(rule, MINUTE, m, n == 0 ? null : (double) failed / n, n == 0 ? null : (double) n);
    }
  }

  @Test
  void shouldJudgeAShareOfAFewRequestsAMinuteOnTheirCountsTogether() {
    // two payments a minute, one in 200 failing: a lone failure is half the minute's share, but
    // two days of them page nobody
    Rule share = shareRule(1e-5);
    Random random = new Random(9);
    requests(share, 0, 2 * 1440, 2, 0.005, random);
    assertThat(told).isEmpty();

    // a partial outage, 36% failing: a per-minute ratio flickers between 0 and 1, the counts
    // together say it within some ten minutes, and it resolves once payments succeed again
    requests(share, 2880, 2900, 2, 0.36, random);
    assertThat(told).hasSize(1);
    assertThat(Integer.parseInt(told.get(0).substring("fire@".length()))).isBetween(2881, 2895);
    requests(share, 2900, 2960, 2, 0.005, random);
    assertThat(told).hasSize(2);
  }

  @Test
  void shouldJudgeAShareOfManyRequestsOnItsFirstMinute() {
    Rule share = shareRule(1e-5);
    Random random = new Random(10);
    requests(share, 0, 60, 300, 0.005, random);

    requests(share, 60, 61, 300, 0.36, random);

    assertThat(told).containsExactly("fire@60");
  }

  private static Rule shareFallRule() {
    return guardedRule(
        "test",
        "conversion",
        Duration.ofHours(1),
        Severity.WARNING,
        new Condition.RateOfChange(
            Condition.RateOfChange.Baseline.PREVIOUS, 3, null, 0.3, Duration.ZERO, null, 1e-4),
        new Rule.MinVolume("sessions", 1));
  }

  /**
   * Hours {@code from} until {@code to}: {@code sessions} a window, each converting at {@code p}.
   */
  private void conversions(Rule rule, int from, int to, int sessions, double p, Random random) {
    for (int h = from; h < to; h++) {
      // 0 sessions: a random 300 to 3,000 each hour
      int sessionsThisHour = sessions > 0 ? sessions : 300 + random.nextInt(2700);
      int orders = 0;
      for (int i = 0; i < sessionsThisHour; i++) {
        orders += random.nextDouble() < p ? 1 : 0;
      }
      window(rule, HOUR, h, (double) orders / sessionsThisHour, (double) sessionsThisHour);
    }
  }

  @Test
  void shouldRarelyFindAFallInTheUsualNoiseOfAShareOfFewOrManySessions() {
    // a thousand days of hours of 300 to 3,000 sessions converting at 3.5%: a 30% fall in an hour
    // of ten orders is common; judged on its counts at 1e-4, with the windows under weighing
    // pooled, an hourly rule on this series did not page for noise in 24,000 windows (weighed one
    // by one, each window doubting the three-hour baseline anew, it paged 18 times)
    Rule falling = shareFallRule();
    Random random = new Random(11);
    conversions(falling, 0, 1000 * 24, 0, 0.035, random);

    assertThat(told.stream().filter(t -> t.startsWith("fire"))).hasSizeLessThan(3);
  }

  @Test
  void shouldFindALeakInAQuietRegionOverAFewHours() {
    Rule falling = shareFallRule();
    Random random = new Random(12);
    conversions(falling, 0, 6, 1500, 0.035, random);
    // 1,500 sessions an hour losing half their orders: about 26 where 52 were due
    conversions(falling, 6, 9, 1500, 0.0175, random);
    assertThat(told).hasSize(1);
    assertThat(Integer.parseInt(told.get(0).substring("fire@".length()))).isBetween(6, 8);
  }

  @Test
  void shouldFindALeakInABusyRegionWithinItsFirstHour() {
    Rule falling = shareFallRule();
    Random random = new Random(12);
    conversions(falling, 0, 6, 20_000, 0.035, random);

    conversions(falling, 6, 7, 20_000, 0.0175, random);

    assertThat(told).containsExactly("fire@6");
  }

  @Test
  void shouldTakeAWindowWithTooLittleVolumeForNoPoint() {
    Rule guarded =
        guardedRule(
            "test",
            "payment_failure_rate",
            Duration.ofMinutes(1),
            Severity.CRITICAL,
            new Condition.Threshold(true, 0.5, 0.2, Duration.ofMinutes(2)),
            new Rule.MinVolume("orders", 5));
    double[] values = {1.0, 1.0, 1.0, 0.9, 0.8, 0.0, 0.0, 0.0};
    double[] volumes = {1, 2, 4, 10, 12, 3, 9, 8};

    for (int m = 0; m < values.length; m++) {
      window(guarded, MINUTE, m, values[m], volumes[m]);
    }

    // the first three minutes are a handful of orders: not judged; 3 and 4 are, and fire; 5 is
    // too small to judge either way; from 6 it is clear, and resolved once so for two minutes
    assertThat(told).containsExactly("fire@4", "resolve@6");
  }

  @Test
  void shouldNeverFindTheSilenceOfARegionSeenOnceSurprising() {
    Rule surprising = rule(new Condition.NoData(Duration.ofMinutes(1), 1e-4));
    minute(surprising, 0, 50.0, true);

    for (int m = 1; m < 600; m++) {
      minute(surprising, m, null, true);
    }

    assertThat(told).isEmpty();
  }

  @Test
  void shouldFireARiseAgainstTheMedianOfThePreviousWindowsAndResolveHalfwayBack() {
    Rule rise =
        rule(
            new Condition.RateOfChange(
                Condition.RateOfChange.Baseline.PREVIOUS, 5, 1.0, null, Duration.ZERO));

    // median of the 5 before is 100: 190 is +90%, 250 is +150% (fires), 160 is +60% (holds above
    // the halfway line of +50%), 140 (+40%) resolves
    minutes(rise, 100, 90, 110, 100, 105, 190, 250, 160, 140);

    assertThat(told).containsExactly("fire@6", "resolve@8");
  }

  @Test
  void shouldReportAFlappingAlertOnceAndResolveItWhenItSettles() {
    Rule flappy =
        rule(
            new Condition.Threshold(true, 10, 10, Duration.ZERO),
            new Rule.Flapping(3, Duration.ofMinutes(10)));

    // breaches come and go every minute: one alert and its end, then a flapping notice, then quiet
    minutes(flappy, 11, 1, 11, 1, 11, 1, 11, 1, 11, 1, 11, 1);
    assertThat(told).containsExactly("fire@0", "resolve@1", "fire@2", "fire@2");

    told.clear();
    for (int m = 12; m < 30; m++) {
      minute(flappy, m, 1.0, true);
    }
    assertThat(told).containsExactly("resolve@11");
  }

  @Test
  void shouldFireTheAnomalyRuleOnASpikeInASteadySeriesAndResolveOnceCalm() {
    Rule odd = rule(new Condition.Anomaly(0.3, Duration.ZERO));
    Random random = new Random(4);
    for (int m = 0; m < 600; m++) {
      minute(odd, m, 100 + random.nextGaussian(), true);
    }
    assertThat(told).isEmpty();

    minute(odd, 600, 400.0, true);
    for (int m = 601; m < 640; m++) {
      minute(odd, m, 100 + random.nextGaussian(), true);
    }

    assertThat(told).first().isEqualTo("fire@600");
    assertThat(told).hasSize(2).last().asString().startsWith("resolve@");
  }

  private static Rule departuresRule() {
    return departuresRule(null);
  }

  private static Rule departuresRule(Duration dwell) {
    return guardedRule(
        "dock",
        "shipments",
        Duration.ofMinutes(1),
        Severity.CRITICAL,
        new Condition.RateOfChange(
            Condition.RateOfChange.Baseline.PREVIOUS,
            180,
            null,
            0.8,
            Duration.ZERO,
            null,
            1e-5,
            true,
            dwell,
            null),
        new Rule.MinVolume("awaiting_shipment", 1));
  }

  /**
   * A dock whose parcels each wait about an hour (log-normal, at least 10 minutes) before they
   * leave, as a warehouse's do between picking and the carrier.
   */
  private final class DwellingDock {
    private final Random random;
    private final Map<Integer, Integer> leaving = new HashMap<>();
    private int waiting;

    DwellingDock(Random random) {
      this.random = random;
    }

    /**
     * Minutes {@code from} until {@code to}, {@code picksPerMinute} parcels joining each minute;
     * during a stall each parcel due to leave is held until it ends with chance {@code held}.
     */
    void run(Rule rule, int from, int to, double picksPerMinute, double held) {
      for (int m = from; m < to; m++) {
        int picks = poisson(picksPerMinute, random);
        for (int i = 0; i < picks; i++) {
          int dwell = (int) Math.max(10, Math.round(60 * Math.exp(0.5 * random.nextGaussian())));
          leaving.merge(m + dwell, 1, Integer::sum);
        }
        waiting += picks;
        int due = leaving.getOrDefault(m, 0);
        leaving.remove(m);
        int stuck = 0;
        for (int i = 0; i < due; i++) {
          stuck += random.nextDouble() < held ? 1 : 0;
        }
        if (stuck > 0) {
          leaving.merge(to, stuck, Integer::sum);
        }
        int shipped = due - stuck;
        waiting -= shipped;
        window(rule, MINUTE, m, (double) shipped, (double) waiting);
      }
    }
  }

  @Test
  void shouldJudgeWhatLeftAgainstTheQueueOneDwellBeforeAndOnlyIfThatWindowWasSeen() {
    Duration dwell = Duration.ofMinutes(3);
    List<Double> before = new ArrayList<>();
    for (int m : new int[] {0, 1, 2, 3, 4, 6, 7, 8, 9}) {
      before.add(
          RuleLogic.queueDwellBefore(
              dwell,
              state,
              new RuleLogic.Observation(
                  T0 + m * MINUTE, T0 + (m + 1) * MINUTE, 1.0, true, 10.0 + m)));
    }
    // minute 5 was never seen, so minute 8 has nothing to be judged against
    assertThat(before).containsExactly(null, null, null, 10.0, 11.0, 13.0, 14.0, null, 16.0);
  }

  @Test
  void shouldWeighAWindowsHitsAgainstTheVolumeOfAWindowsSpanALagBefore() {
    List<Double> sevenMinutes = new ArrayList<>();
    List<Double> twentyMinutes = new ArrayList<>();
    SeriesState other = new SeriesState();
    for (int q : new int[] {0, 1, 2, 3, 5, 6, 7}) {
      RuleLogic.Observation obs =
          new RuleLogic.Observation(
              T0 + q * QUARTER, T0 + (q + 1) * QUARTER, 0.05, true, 150.0 * (q + 1));
      sevenMinutes.add(rounded(RuleLogic.laggedVolume(Duration.ofMinutes(7), state, obs)));
      twentyMinutes.add(rounded(RuleLogic.laggedVolume(Duration.ofMinutes(20), other, obs)));
    }
    // 7 of a window's 15 minutes lie in the window before; quarter 4 was never seen
    assertThat(sevenMinutes).containsExactly(null, 230.0, 380.0, 530.0, null, 980.0, 1130.0);
    // 20 minutes: two thirds of the window before, a third of the one before that
    assertThat(twentyMinutes).containsExactly(null, null, 250.0, 400.0, null, null, 1000.0);
  }

  private static Double rounded(Double volume) {
    return volume == null ? null : Math.rint(volume * 1e6) / 1e6;
  }

  @Test
  void shouldKnowARisingMorningsConversionAsTheShareOfTheSessionsBeforeIt() {
    Map<String, Double> expected = new HashMap<>();
    for (Duration lag : new Duration[] {Duration.ofMinutes(7), null}) {
      Rule rule = laggingConversionRule(lag);
      SeriesState series = new SeriesState();
      // sessions grow by a quarter each quarter hour; each converts 3.5% about seven minutes
      // later, so a quarter's orders are 3.5% of the sessions of the quarter seven minutes before
      double sessions = 400;
      for (int q = 0; q < 14; q++) {
        double before = sessions;
        sessions *= 1.25;
        double orders = Math.rint(0.035 * (8 * sessions + 7 * before) / 15);
        long start = T0 + q * QUARTER;
        RuleLogic.step(
            rule,
            series,
            new RuleLogic.Observation(start, start + QUARTER, orders / sessions, true, sessions),
            w -> null);
      }
      expected.put(lag == null ? "same quarter" : "lagged", series.expected);
    }
    assertThat(expected.get("lagged")).isCloseTo(0.035, within(0.0005));
    // against each quarter's own sessions a rising morning converts a tenth less than it does
    assertThat(expected.get("same quarter")).isLessThan(0.033);
  }

  /** Quarters {@code from} until {@code to} of {@code sessions}, with the orders given in turn. */
  private void quarters(Rule rule, int from, int to, double sessions, int... orders) {
    for (int q = from; q < to; q++) {
      window(rule, QUARTER, q, orders[q % orders.length] / sessions, sessions);
    }
  }

  @Test
  void shouldRarelyTakeABusyMorningForALeakAfterAQuietNightThatConvertedBetterByChance() {
    // a thousand nights of three quiet hours (a hundred sessions a quarter), then a busy morning
    // (eight hundred), all converting at 3.6%: some nights' few orders read 4.5% or more, and
    // weighed one by one, each busy quarter doubted that night anew until they paged (50 times)
    Random random = new Random(5);
    int pages = 0;
    for (int day = 0; day < 1000; day++) {
      Rule falling = laggingConversionRule(null);
      state = new SeriesState();
      told.clear();
      for (int q = 0; q < 24; q++) {
        int sessions = q < 12 ? 100 : 800;
        int orders = 0;
        for (int i = 0; i < sessions; i++) {
          orders += random.nextDouble() < 0.036 ? 1 : 0;
        }
        window(falling, QUARTER, q, (double) orders / sessions, (double) sessions);
      }
      pages += told.isEmpty() ? 0 : 1;
    }
    assertThat(pages).isLessThan(5);
  }

  @Test
  void shouldFindALeakInABusyMorningJudgedAgainstAQuietNight() {
    Rule falling = laggingConversionRule(null);
    quarters(falling, 0, 12, 100, 4, 5);
    // half the orders: 18 where 36 were due. The night's 54 orders leave its share open by about
    // a seventh, so the morning's counts must first outweigh that doubt: within its third hour
    quarters(falling, 12, 24, 800, 18);
    assertThat(told).hasSize(1);
    assertThat(Integer.parseInt(told.get(0).substring("fire@".length()))).isBetween(12, 23);
  }

  private static Rule laggingConversionRule(Duration lag) {
    return guardedRule(
        "test",
        "conversion",
        Duration.ofMinutes(15),
        Severity.WARNING,
        new Condition.RateOfChange(
            Condition.RateOfChange.Baseline.PREVIOUS,
            12,
            null,
            0.3,
            Duration.ZERO,
            null,
            1e-4,
            false,
            null,
            lag),
        new Rule.MinVolume("sessions", 25));
  }

  @Test
  void shouldNotTakeAMorningsFreshPicksForADockThatStoppedShipping() {
    Rule withDwell = departuresRule(Duration.ofMinutes(30));
    DwellingDock dock = new DwellingDock(new Random(23));
    // a night of a few picks, then the morning shift picks six times as fast: the queue fills
    // with parcels that will leave only in an hour, and what leaves meanwhile is the night's
    dock.run(withDwell, 0, 360, 0.5, 0);
    dock.run(withDwell, 360, 720, 3, 0);
    assertThat(told).as("the morning's picks are not a stall").isEmpty();

    // a stall holding nine parcels in ten is still found
    dock.run(withDwell, 720, 780, 3, 0.9);
    assertThat(told).hasSize(1).first().asString().startsWith("fire@");
    assertThat(Integer.parseInt(told.get(0).substring(5)) - 720).isBetween(1, 30);
  }

  @Test
  void shouldPageOnAMorningsFreshPicksWithoutADwell() {
    // the same morning judged on the queue at each minute's end, as if every parcel could leave:
    // this seed's morning pages (others stay under the bar; a tail, as on the days in ALERTS.md)
    DwellingDock dock = new DwellingDock(new Random(23));
    Rule withoutDwell = departuresRule();
    dock.run(withoutDwell, 0, 360, 0.5, 0);
    dock.run(withoutDwell, 360, 720, 3, 0);

    assertThat(told).isNotEmpty();
  }

  /**
   * Minutes {@code from} until {@code to} of a dock where {@code waiting} parcels wait and each
   * leaves in a minute with chance {@code p}: the shipments, and the queue left at the minute's
   * end.
   */
  private void dock(Rule rule, int from, int to, int waiting, double p, Random random) {
    for (int m = from; m < to; m++) {
      int shipped = 0;
      for (int i = 0; i < waiting; i++) {
        shipped += random.nextDouble() < p ? 1 : 0;
      }
      window(rule, MINUTE, m, (double) shipped, (double) (waiting - shipped));
    }
  }

  @Test
  void shouldJudgeShipmentsAsTheShareOfTheWaitingParcelsThatLeft() {
    Rule dock = departuresRule();
    Random random = new Random(21);
    // a week of minutes, 60 parcels waiting, 1.5% shipping each minute: nothing pages
    dock(dock, 0, 7 * 24 * 60, 60, 0.015, random);
    assertThat(told).isEmpty();

    // a stall lets a fifth through: found within the hour
    int stall = 7 * 24 * 60;
    dock(dock, stall, stall + 60, 60, 0.003, random);
    assertThat(told).hasSize(1).first().asString().startsWith("fire@");
    assertThat(Integer.parseInt(told.get(0).substring(5)) - stall).isBetween(5, 60);
    // the usual share, and the line a one-sided rule alerts below
    assertThat(lastChange.expected()).matches("0\\.01[0-9]+ \\(alerting below 0\\.00[0-9]+\\)");
  }

  @Test
  void shouldNotCallAQueueThatEmptiedAFall() {
    Rule dock = departuresRule();
    Random random = new Random(22);
    dock(dock, 0, 240, 60, 0.015, random);
    // the night: three parcels wait, one leaves now and then, often none for half an hour
    dock(dock, 240, 600, 3, 0.015, random);

    assertThat(told).isEmpty();
  }

  private static Rule slowRule(boolean pool) {
    return guardedRule(
        "test",
        "service_latency_p50",
        Duration.ofMinutes(1),
        Severity.WARNING,
        new Condition.RateOfChange(
            Condition.RateOfChange.Baseline.PREVIOUS, 15, 2.0, null, Duration.ofMinutes(3), null),
        new Rule.MinVolume("service_requests", 2, pool));
  }

  /**
   * Minutes {@code from} until {@code to} of a quiet service: a call in a minute with chance {@code
   * callChance}, its latency about {@code typicalMs} with a long tail (log-normal); a minute
   * without a call has no point.
   */
  private void quietCalls(
      Rule rule, int from, int to, double callChance, double typicalMs, Random random) {
    for (int m = from; m < to; m++) {
      if (random.nextDouble() < callChance) {
        window(rule, MINUTE, m, typicalMs * Math.exp(0.6 * random.nextGaussian()), 1.0);
      } else {
        window(rule, MINUTE, m, null, null);
      }
    }
  }

  @Test
  void shouldFindAQuietServicesRegressionByPoolingItsLoneCalls() {
    Random random = new Random(21);
    Rule pooled = slowRule(true);
    // a night of a call every other minute or so, at about 35 ms: nothing to page
    quietCalls(pooled, 0, 8 * 60, 0.4, 35, random);
    assertThat(told).isEmpty();

    // every call six times slower for half an hour: found, though no minute holds two calls
    quietCalls(pooled, 480, 510, 0.4, 210, random);
    assertThat(told).hasSize(1);
    assertThat(Integer.parseInt(told.get(0).substring("fire@".length()))).isBetween(480, 509);
  }

  @Test
  void shouldNeverJudgeLoneCallsWithoutPooling() {
    Random random = new Random(21);
    Rule unpooled = slowRule(false);
    quietCalls(unpooled, 0, 8 * 60, 0.4, 35, random);
    quietCalls(unpooled, 480, 510, 0.4, 210, random);
    assertThat(told).isEmpty();
  }

  @Test
  void shouldDropPooledWindowsOlderThanThePoolsSpan() {
    Rule.MinVolume volume = new Rule.MinVolume("service_requests", 2, true);
    SeriesState pool = new SeriesState();
    RuleLogic.Observation first =
        RuleLogic.pool(volume, pool, new RuleLogic.Observation(T0, T0 + MINUTE, 100.0, true, 1.0));
    long later = T0 + RuleLogic.POOL_SPAN_WINDOWS * MINUTE;
    RuleLogic.Observation tooLate =
        RuleLogic.pool(
            volume, pool, new RuleLogic.Observation(later, later + MINUTE, 40.0, true, 1.0));
    RuleLogic.Observation next =
        RuleLogic.pool(
            volume,
            pool,
            new RuleLogic.Observation(later + MINUTE, later + 2 * MINUTE, 60.0, true, 1.0));

    assertThat(first.value()).isNull();
    assertThat(tooLate.value()).as("the first call is too old to pool with").isNull();
    assertThat(next.value())
        .as("the lower of the two calls, as a sketch reads two")
        .isEqualTo(40.0);
    assertThat(next.volume()).isEqualTo(2.0);
  }

  @Test
  void shouldPoolAThinWindowIntoTheNextEvenWhenThatOneHasTheVolume() {
    Rule.MinVolume volume = new Rule.MinVolume("service_requests", 2, true);
    SeriesState pool = new SeriesState();
    RuleLogic.pool(volume, pool, new RuleLogic.Observation(T0, T0 + MINUTE, 500.0, true, 1.0));
    RuleLogic.Observation busy =
        RuleLogic.pool(
            volume, pool, new RuleLogic.Observation(T0 + MINUTE, T0 + 2 * MINUTE, 50.0, true, 4.0));
    RuleLogic.Observation alone =
        RuleLogic.pool(
            volume,
            pool,
            new RuleLogic.Observation(T0 + 2 * MINUTE, T0 + 3 * MINUTE, 70.0, true, 3.0));

    assertThat(busy.value()).as("five calls: four at 50, one at 500").isEqualTo(50.0);
    assertThat(busy.volume()).isEqualTo(5.0);
    assertThat(alone.value()).as("nothing held: judged as it is").isEqualTo(70.0);
  }
}
