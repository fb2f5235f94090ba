package com.opsmon.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LiveScheduleTest {
  private static final Instant MINUTE = Instant.EPOCH.plus(Duration.ofHours(10));
  private final LiveSchedule schedule = new LiveSchedule(Duration.ofSeconds(16));

  @Test
  void shouldMeasureTheSlackFromTheMonitorBeingUpToItsFirstMinutesEnd() {
    assertThat(schedule.slack(MINUTE)).isEqualTo(Duration.ofSeconds(44));
    assertThat(schedule.slack(MINUTE.plusSeconds(30))).isEqualTo(Duration.ofSeconds(14));
    assertThat(schedule.slack(MINUTE.plusSeconds(44))).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void shouldStartOnlyWhenTheFirstMinuteEndsSoonButNotTooSoonAfterTheStart() {
    assertThat(schedule.isGoodMoment(MINUTE.plusSeconds(30))).isTrue();
    assertThat(schedule.isGoodMoment(MINUTE.plusSeconds(10)))
        .as("up at :26, 34 s before its first minute ends")
        .isFalse();
    assertThat(schedule.isGoodMoment(MINUTE.plusSeconds(40)))
        .as("up at :56: a start 4 s slower than expected would wait a whole minute more")
        .isFalse();
  }

  @Test
  void shouldFindAGoodMomentOnceEveryMinuteForAsLongAsTheBoundsAreApart() {
    int good = 0;
    for (int second = 0; second < 60; second++) {
      good += schedule.isGoodMoment(MINUTE.plusSeconds(second)) ? 1 : 0;
    }
    assertThat(good).isEqualTo(15); // slacks of 6 to 20 s, both included
  }
}
