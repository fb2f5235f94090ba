package com.opsmon.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opsmon.detection.stats.EpisodeFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The detector on synthetic shapes, 5-minute points unless said otherwise. */
class AnomalyDetectorTest {
  private static final long START = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
  private static final long FIVE_MINUTES = Duration.ofMinutes(5).toMillis();
  private static final int PER_DAY = 288;

  /** Points before which the detector is still learning and not judged. */
  private static final int WARM_UP = 2 * PER_DAY;

  private static final double ALERT = DetectorSettings.defaults().alertScore();

  private static List<Verdict> run(AnomalyDetector detector, int points, IntToDoubleFunction f) {
    List<Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < points; i++) {
      verdicts.add(detector.update(START + i * FIVE_MINUTES, f.applyAsDouble(i)));
    }
    return verdicts;
  }

  private static List<Verdict> run(int points, IntToDoubleFunction f) {
    return run(new AnomalyDetector(), points, f);
  }

  private static IntToDoubleFunction noise(long seed, double mean, double sd) {
    Random random = new Random(seed);
    return i -> mean + sd * random.nextGaussian();
  }

  private static List<Integer> alerts(List<Verdict> verdicts, int from, int to) {
    List<Integer> alerts = new ArrayList<>();
    for (int i = from; i < to; i++) {
      if (verdicts.get(i).score() >= ALERT) {
        alerts.add(i);
      }
    }
    return alerts;
  }

  private static double dailyWave(int i) {
    return 50 + 10 * Math.sin(2 * Math.PI * i / PER_DAY);
  }

  @Test
  void shouldNotAlertOnPureGaussianNoise() {
    for (long seed = 1; seed <= 10; seed++) {
      List<Verdict> verdicts = run(10_000, noise(seed, 10, 1));

      assertThat(alerts(verdicts, WARM_UP, verdicts.size())).as("seed %d", seed).isEmpty();
    }
  }

  @Test
  void shouldKeepNearlyAllNormalPointsInsideTheExpectedRange() {
    IntToDoubleFunction values = noise(3, 10, 1);
    double[] x = new double[10_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = values.applyAsDouble(i);
    }
    List<Verdict> verdicts = run(x.length, i -> x[i]);

    int inside = 0;
    for (int i = WARM_UP; i < x.length; i++) {
      Verdict v = verdicts.get(i);
      assertThat(v.lower()).isLessThanOrEqualTo(v.expected());
      assertThat(v.upper()).isGreaterThanOrEqualTo(v.expected());
      if (x[i] >= v.lower() && x[i] <= v.upper()) {
        inside++;
      }
    }
    // ±3 robust sigmas hold 99.7% of Gaussian noise
    assertThat(inside / (double) (x.length - WARM_UP)).isGreaterThan(0.99);
  }

  @Test
  void shouldScoreASpikeHighestAtTheSpikeItself() {
    IntToDoubleFunction noise = noise(7, 10, 1);
    List<Verdict> verdicts = run(4_000, i -> noise.applyAsDouble(i) + (i == 3_000 ? 8 : 0));

    assertThat(verdicts.get(3_000).score()).isGreaterThanOrEqualTo(ALERT);
    assertThat(alerts(verdicts, WARM_UP, verdicts.size())).containsExactly(3_000);
  }

  @Test
  void shouldAlertOnceOnALevelShiftThenAdaptToTheNewLevel() {
    IntToDoubleFunction noise = noise(11, 10, 1);
    List<Verdict> verdicts = run(5_000, i -> noise.applyAsDouble(i) + (i >= 3_000 ? 10 : 0));

    List<Integer> alerts = alerts(verdicts, WARM_UP, verdicts.size());
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0)).isBetween(3_000, 3_002);
    Verdict later = verdicts.get(3_500);
    assertThat(later.expected()).isBetween(19.0, 21.0);
    assertThat(later.lower()).isLessThan(20.0);
    assertThat(later.upper()).isGreaterThan(20.0);
  }

  @Test
  void shouldLearnDailySeasonalityAndFlagAMissingPeak() {
    int missingDay = 9;
    IntToDoubleFunction noise = noise(5, 0, 1);
    List<Verdict> verdicts =
        run(
            12 * PER_DAY,
            i -> {
              boolean peakMissing = i / PER_DAY == missingDay && i % PER_DAY < PER_DAY / 2;
              return (peakMissing ? 50 : dailyWave(i)) + noise.applyAsDouble(i);
            });

    assertThat(alerts(verdicts, 3 * PER_DAY, missingDay * PER_DAY)).isEmpty();
    List<Integer> alerts = alerts(verdicts, missingDay * PER_DAY, (missingDay + 1) * PER_DAY);
    assertThat(alerts).isNotEmpty();
    // the wave is 3.6 sigmas above 50 two hours into the day
    assertThat(alerts.get(0)).isLessThan(missingDay * PER_DAY + 36);
  }

  @Test
  void shouldFlagADailyPlateauThatComesUpOnlyHalfway() {
    // low and quiet half the day, high and noisy the other half (a noisy plateau makes residuals
    // of several scales ordinary there); on day 9 the plateau comes up only halfway
    int sagDay = 9;
    Random random = new Random(17);
    List<Verdict> verdicts =
        run(
            11 * PER_DAY,
            i -> {
              boolean high = i % PER_DAY >= PER_DAY / 2;
              double plateau = i / PER_DAY == sagDay ? 40 : 80;
              return high ? plateau + 4 * random.nextGaussian() : 20 + random.nextGaussian();
            });

    int sag = sagDay * PER_DAY + PER_DAY / 2;
    List<Integer> flagged = new ArrayList<>();
    for (int i = sag; i < sag + 12; i++) {
      if (verdicts.get(i).score() >= EpisodeFilter.ONSET) {
        flagged.add(i);
      }
    }
    // flagged within the hour, as strongly as an incident opens
    assertThat(flagged).isNotEmpty();
  }

  @Test
  void shouldExpectTheSeasonalValueWhenTimestampsAreIrregular() {
    Random jitter = new Random(9);
    IntToDoubleFunction noise = noise(9, 0, 1);
    AnomalyDetector detector = new AnomalyDetector();
    long t = START;
    int inside = 0;
    int judged = 0;
    for (int i = 0; i < 12 * PER_DAY; i++) {
      t += FIVE_MINUTES / 2 + (long) (jitter.nextDouble() * FIVE_MINUTES);
      double phase = 2 * Math.PI * Math.floorMod(t, 86_400_000L) / 86_400_000.0;
      double truth = 50 + 10 * Math.sin(phase);
      Verdict v = detector.update(t, truth + noise.applyAsDouble(i));
      if (i >= 4 * PER_DAY) {
        judged++;
        if (Math.abs(v.expected() - truth) < 1.5) {
          inside++;
        }
        assertThat(v.score()).isLessThan(ALERT);
      }
    }
    assertThat(inside / (double) judged).isGreaterThan(0.95);
  }

  @Test
  void shouldFollowASlowDriftWithoutAlerting() {
    IntToDoubleFunction noise = noise(13, 10, 1);
    List<Verdict> verdicts = run(10_000, i -> noise.applyAsDouble(i) + 0.002 * i);

    assertThat(alerts(verdicts, WARM_UP, verdicts.size())).isEmpty();
    assertThat(verdicts.get(9_999).expected()).isBetween(28.0, 32.0);
  }

  @Test
  void shouldScoreZeroOnAFlatLineAndAlertWhenItSteps() {
    List<Verdict> verdicts = run(2_000, i -> i < 1_500 ? 45.0 : 46.0);

    for (int i = 0; i < 1_500; i++) {
      Verdict v = verdicts.get(i);
      assertThat(v.score()).isZero();
      assertThat(v.expected()).isEqualTo(45.0);
      assertThat(v.lower()).isLessThanOrEqualTo(45.0);
      assertThat(v.upper()).isGreaterThanOrEqualTo(45.0);
    }
    assertThat(alerts(verdicts, 0, 2_000)).containsExactly(1_500);
  }

  @Test
  void shouldLearnARecurringPatternAndFlagANewOne() {
    // a pair of spikes every 100 points (a nightly job, say), then a burst of extra spikes
    IntToDoubleFunction noise = noise(29, 0, 0.2);
    List<Verdict> verdicts =
        run(
            6_000,
            i -> {
              boolean pair = i % 100 == 0 || i % 100 == 6;
              boolean burst = i >= 4_000 && i < 4_060 && i % 5 == 0;
              return (pair || burst ? 20 : 0) + noise.applyAsDouble(i);
            });

    // the pairs are news at first, then part of the series' behaviour
    assertThat(alerts(verdicts, 1_000, 4_000)).isEmpty();
    List<Integer> alerts = alerts(verdicts, 4_000, 6_000);
    assertThat(alerts).isNotEmpty();
    assertThat(alerts.get(0)).isBetween(4_000, 4_005);
  }

  @Test
  void shouldFlagAVarianceIncreaseWithinAFewPoints() {
    IntToDoubleFunction noise = noise(31, 0, 1);
    List<Verdict> verdicts =
        run(5_000, i -> dailyWave(i) + (i >= 3_500 && i < 3_644 ? 4 : 1) * noise.applyAsDouble(i));

    assertThat(alerts(verdicts, WARM_UP, 3_500)).isEmpty();
    // an episode opens within an hour
    int opened = 3_500;
    while (verdicts.get(opened).score() < EpisodeFilter.ONSET) {
      opened++;
    }
    assertThat(opened).isLessThan(3_512);
    // and the alert follows within two hours, once the evidence has doubled
    List<Integer> alerts = alerts(verdicts, 3_500, 5_000);
    assertThat(alerts).isNotEmpty();
    assertThat(alerts.get(0)).isLessThan(3_524);
  }

  @Test
  void shouldFlagAChangeOfRhythm() {
    // the daily wave runs three times as fast for a day: every value is within the usual range
    IntToDoubleFunction noise = noise(37, 0, 1);
    List<Verdict> verdicts =
        run(5_000, i -> dailyWave(i >= 3_500 && i < 3_788 ? 3 * i : i) + noise.applyAsDouble(i));

    assertThat(alerts(verdicts, WARM_UP, 3_500)).isEmpty();
    List<Integer> alerts = alerts(verdicts, 3_500, 3_788);
    assertThat(alerts).isNotEmpty();
    assertThat(alerts.get(0)).isLessThan(3_510);
  }

  @Test
  void shouldReportAnIncidentOnceEvenWhenItRecursSoonAfter() {
    // the same 6-sigma spike twice, 300 points apart: the second is more of the same
    IntToDoubleFunction noise = noise(41, 10, 1);
    List<Verdict> verdicts =
        run(4_000, i -> noise.applyAsDouble(i) + (i == 3_000 || i == 3_300 ? 6 : 0));

    assertThat(verdicts.get(3_000).score()).isGreaterThan(verdicts.get(3_300).score());
    assertThat(verdicts.get(3_300).score()).isLessThan(0.2);
  }

  @Test
  void shouldIgnoreValuesThatAreNotNumbers() {
    AnomalyDetector detector = new AnomalyDetector();
    AnomalyDetector twin = new AnomalyDetector();
    IntToDoubleFunction noise = noise(17, 10, 1);
    for (int i = 0; i < 1_000; i++) {
      double x = noise.applyAsDouble(i);
      long t = START + i * FIVE_MINUTES;
      if (i % 100 == 50) {
        assertThat(detector.update(t, Double.NaN).score()).isZero();
      }
      assertThat(detector.update(t, x)).isEqualTo(twin.update(t, x));
    }
  }

  @Test
  void shouldKeepTheSameStateSizeHoweverLongTheSeries() throws IOException {
    AnomalyDetector detector = new AnomalyDetector();
    IntToDoubleFunction noise = noise(19, 10, 1);
    int done = 0;
    List<Integer> sizes = new ArrayList<>();
    for (int points : new int[] {1_000, 10_000, 100_000}) {
      for (; done < points; done++) {
        detector.update(START + done * FIVE_MINUTES, noise.applyAsDouble(done));
      }
      sizes.add(serialize(detector).length);
    }
    assertThat(sizes).containsOnly(sizes.get(0));
    assertThat(sizes.get(0)).isLessThan(40 * 1024);
  }

  @Test
  void shouldGiveTheSameVerdictsForTheSameInputAndResumeFromASerializedCopy()
      throws IOException, ClassNotFoundException {
    IntToDoubleFunction noise = noise(23, 0, 1);
    double[] x = new double[6_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = dailyWave(i) + noise.applyAsDouble(i) + (i == 4_000 ? 12 : 0);
    }
    List<Verdict> first = run(x.length, i -> x[i]);
    List<Verdict> second = run(x.length, i -> x[i]);
    assertThat(second).isEqualTo(first);

    AnomalyDetector original = new AnomalyDetector();
    for (int i = 0; i < 3_000; i++) {
      original.update(START + i * FIVE_MINUTES, x[i]);
    }
    AnomalyDetector copy = deserialize(serialize(original));
    for (int i = 3_000; i < x.length; i++) {
      assertThat(copy.update(START + i * FIVE_MINUTES, x[i])).isEqualTo(first.get(i));
    }
  }

  @Test
  void shouldRefuseSettingsOutsideTheirRange() {
    assertThatThrownBy(() -> DetectorSettings.defaults().withSensitivity(1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(DetectorSettings.defaults().withSensitivity(0.9).alertScore())
        .isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-12));
  }

  private static byte[] serialize(AnomalyDetector detector) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(detector);
    }
    return bytes.toByteArray();
  }

  private static AnomalyDetector deserialize(byte[] bytes)
      throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (AnomalyDetector) in.readObject();
    }
  }
}
