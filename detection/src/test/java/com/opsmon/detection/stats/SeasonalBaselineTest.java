package com.opsmon.detection.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeasonalBaselineTest {
  private static final long START = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final long HOUR = Duration.ofHours(1).toMillis();

  /** 100 by day (08:00–20:00), 10 by night. */
  private static double officeHours(long t) {
    long hour = Math.floorMod(t, DAY) / HOUR;
    return hour >= 8 && hour < 20 ? 100 : 10;
  }

  @Test
  void shouldKnowNothingBeforeItHasSeenAPoint() {
    SeasonalBaseline baseline = new SeasonalBaseline(DAY, 288, 0.02, 3);

    assertThat(baseline.expected(START, HOUR)).isNaN();
    assertThat(baseline.knowsSeason()).isFalse();
  }

  @Test
  void shouldLearnTheTimeOfDayProfileFromTimestampsWhateverTheSamplingRate() {
    SeasonalBaseline baseline = new SeasonalBaseline(DAY, 288, 0.02, 3);
    // hourly points for three days: the profile is keyed by time of day, not by row
    for (long t = START; t < START + 3 * DAY; t += HOUR) {
      baseline.expected(t, HOUR);
      baseline.learn(t, officeHours(t), HOUR, 1e9);
    }
    for (long t = START + 3 * DAY; t < START + 4 * DAY; t += HOUR) {
      assertThat(baseline.expected(t, HOUR)).isCloseTo(officeHours(t), within(1e-9));
      assertThat(baseline.knowsSeason()).isTrue();
    }
  }

  @Test
  void shouldReadNeighbouringBucketsWhenPointsFallBetweenThem() {
    SeasonalBaseline baseline = new SeasonalBaseline(DAY, 288, 0.02, 3);
    for (long t = START; t < START + 3 * DAY; t += HOUR) {
      baseline.expected(t, HOUR);
      baseline.learn(t, officeHours(t), HOUR, 1e9);
    }
    // 10:20 was never seen; within half an hourly interval lies 10:00 only
    assertThat(baseline.expected(START + 3 * DAY + 10 * HOUR + 20 * 60_000, HOUR))
        .isCloseTo(100, within(1e-9));
    assertThat(baseline.knowsSeason()).isTrue();
  }

  @Test
  void shouldMoveTheWholeProfileWhenTheLevelShifts() {
    SeasonalBaseline baseline = new SeasonalBaseline(DAY, 288, 0.02, 3);
    for (long t = START; t < START + 2 * DAY; t += HOUR) {
      baseline.expected(t, HOUR);
      baseline.learn(t, officeHours(t), HOUR, 1e9);
    }
    baseline.shiftLevel(5);

    assertThat(baseline.expected(START + 2 * DAY + 9 * HOUR, HOUR)).isCloseTo(105, within(1e-9));
    assertThat(baseline.expected(START + 2 * DAY + 22 * HOUR, HOUR)).isCloseTo(15, within(1e-9));
  }
}
