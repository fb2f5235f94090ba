package com.opsmon.launcher.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MinuteCloseCheckpointsTest {
  private static final List<Duration> OFFSETS =
      MinuteCloseCheckpoints.offsets(Duration.ofSeconds(5));

  @Test
  void theCheckpointsFollowTheOutOfOrdernessIntoEachMinute() {
    assertThat(OFFSETS)
        .containsExactly(
            Duration.ofMillis(5300),
            Duration.ofMillis(5700),
            Duration.ofMillis(6100),
            Duration.ofMillis(6500));
  }

  @ParameterizedTest(name = "at {0} the next is {1}")
  @CsvSource({
    // just after a minute ends: the first of that minute
    "2026-03-02T10:00:00.100Z, 2026-03-02T10:00:05.300Z",
    // at one of them: the one after it
    "2026-03-02T10:00:05.300Z, 2026-03-02T10:00:05.700Z",
    // after the last: the first of the following minute
    "2026-03-02T10:00:59.999Z, 2026-03-02T10:01:05.300Z"
  })
  void theNextIsTheFirstOffsetStillToComeInThisMinuteOrTheNext(String now, String next) {
    assertThat(MinuteCloseCheckpoints.next(Instant.parse(now), OFFSETS))
        .isEqualTo(Instant.parse(next));
  }

  @Test
  void anOutOfOrdernessOfAMinuteOrMoreWrapsIntoTheMinute() {
    List<Duration> offsets = MinuteCloseCheckpoints.offsets(Duration.ofSeconds(90));
    Instant now = Instant.parse("2026-03-02T10:00:00Z");

    assertThat(MinuteCloseCheckpoints.next(now, offsets))
        .isEqualTo(Instant.parse("2026-03-02T10:00:30.300Z"));
  }
}
