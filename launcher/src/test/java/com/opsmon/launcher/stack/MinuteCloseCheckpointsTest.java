package com.opsmon.launcher.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

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

  @Test
  void justAfterAMinuteEndsTheNextIsTheFirstOfThatMinute() {
    Instant now = Instant.parse("2026-03-02T10:00:00.100Z");

    assertThat(MinuteCloseCheckpoints.next(now, OFFSETS))
        .isEqualTo(Instant.parse("2026-03-02T10:00:05.300Z"));
  }

  @Test
  void atOneTheNextIsTheFollowingOne() {
    Instant now = Instant.parse("2026-03-02T10:00:05.300Z");

    assertThat(MinuteCloseCheckpoints.next(now, OFFSETS))
        .isEqualTo(Instant.parse("2026-03-02T10:00:05.700Z"));
  }

  @Test
  void afterTheLastTheNextIsInTheFollowingMinute() {
    Instant now = Instant.parse("2026-03-02T10:00:59.999Z");

    assertThat(MinuteCloseCheckpoints.next(now, OFFSETS))
        .isEqualTo(Instant.parse("2026-03-02T10:01:05.300Z"));
  }

  @Test
  void anOutOfOrdernessOfAMinuteOrMoreWrapsIntoTheMinute() {
    List<Duration> offsets = MinuteCloseCheckpoints.offsets(Duration.ofSeconds(90));
    Instant now = Instant.parse("2026-03-02T10:00:00Z");

    assertThat(MinuteCloseCheckpoints.next(now, offsets))
        .isEqualTo(Instant.parse("2026-03-02T10:00:30.300Z"));
  }
}
