package com.opsmon.jobs.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class IdleAdvancingWatermarksTest {
  private static final long START = 1_795_600_000_000L;
  private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CLOCK_AFTER_RESTORE = Duration.ofMinutes(2);

  /**
   * Both clocks move together in these tests, except where back-pressure stops the activity clock.
   */
  private final AtomicLong wallClock = new AtomicLong(START);

  private final AtomicLong activityClock = new AtomicLong(0);
  private final RecordingOutput output = new RecordingOutput();
  private final IdleAdvancingWatermarks<String> generator = generator(true);

  private IdleAdvancingWatermarks<String> generator(boolean resumed) {
    return new IdleAdvancingWatermarks<>(
        OUT_OF_ORDERNESS,
        IDLE_TIMEOUT,
        resumed ? Optional.of(CLOCK_AFTER_RESTORE) : Optional.empty(),
        activityClock::get,
        wallClock::get);
  }

  private void pass(Duration d) {
    wallClock.addAndGet(d.toMillis());
    activityClock.addAndGet(d.toMillis());
  }

  @Test
  void shouldTrailTheLatestEventByTheOutOfOrderness() {
    generator.onEvent("a", START - 1000, output);
    generator.onEvent("b", START - 3000, output);
    generator.onPeriodicEmit(output);

    assertThat(output.watermarks).containsExactly(START - 1000 - 5000 - 1);
  }

  @Test
  void shouldAdvanceWithTheClockFromTheLastEventOnceIdle() {
    generator.onEvent("a", START, output);
    pass(IDLE_TIMEOUT);
    generator.onPeriodicEmit(output);
    pass(Duration.ofMinutes(1));
    generator.onPeriodicEmit(output);

    // silent for 70 s: its event time is 70 s on, and the watermark trails that by the bound
    assertThat(output.watermarks).containsExactly(START - 5001, START + 70_000 - 5001);
  }

  @Test
  void shouldHoldAQuietSplitNoFurtherBehindTheClockThanABusyOne() {
    generator.onEvent("last", START, output);
    pass(IDLE_TIMEOUT.plusMillis(1));
    generator.onPeriodicEmit(output);

    // a busy split's watermark would stand at the clock less the bound; so does this one's
    assertThat(output.watermarks).containsExactly(wallClock.get() - 5001);
  }

  @Test
  void shouldMarkASplitIdleThatNeverSawAnEventOnlyAfterTheTimeout() {
    generator.onPeriodicEmit(output);
    assertThat(output.idle).isFalse();

    pass(IDLE_TIMEOUT);
    generator.onPeriodicEmit(output);

    assertThat(output.idle).isTrue();
    assertThat(output.watermarks).isEmpty();
  }

  @Test
  void shouldFollowTheWallClockWhenAResumedJobHasSeenNothingSinceItsRestore() {
    pass(CLOCK_AFTER_RESTORE);
    generator.onPeriodicEmit(output);

    assertThat(output.watermarks)
        .containsExactly(START + CLOCK_AFTER_RESTORE.toMillis() - 5_000 - 10_000);
  }

  @Test
  void shouldWaitForTheFirstEventOfAFreshJobSoABackfillOfOldEventsIsCounted() {
    IdleAdvancingWatermarks<String> fresh = generator(false);
    pass(Duration.ofHours(3));
    fresh.onPeriodicEmit(output);
    assertThat(output.watermarks).isEmpty();
    assertThat(output.idle).isTrue();

    long monthAgo = START - Duration.ofDays(30).toMillis();
    fresh.onEvent("backfill", monthAgo, output);
    fresh.onPeriodicEmit(output);

    assertThat(output.watermarks).containsExactly(monthAgo - 5001);
  }

  @Test
  void shouldNotTakeBackPressureForSilence() {
    generator.onEvent("a", START, output);
    wallClock.addAndGet(Duration.ofMinutes(5).toMillis());
    generator.onPeriodicEmit(output);

    assertThat(output.watermarks).containsExactly(START - 5001);
  }

  @Test
  void shouldNeverMoveBackwards() {
    generator.onEvent("a", START, output);
    generator.onPeriodicEmit(output);
    generator.onEvent("old", START - 60_000, output);
    generator.onPeriodicEmit(output);

    assertThat(output.watermarks).containsExactly(START - 5001);
  }

  @Test
  void shouldNotLetEventsFromTheFutureDragEventTimeAheadOfTheClock() {
    generator.onEvent("now", START - 1000, output);
    // a producer whose clock is four minutes fast
    generator.onEvent("ahead", START + Duration.ofMinutes(4).toMillis(), output);
    generator.onPeriodicEmit(output);
    assertThat(output.watermarks).containsExactly(START - 5001);
    assertThat(generator.aheadOfClockMs()).isEqualTo(Duration.ofMinutes(4).toMillis());

    // real time moves on: so does event time, never past the clock
    pass(Duration.ofMinutes(5));
    generator.onPeriodicEmit(output);
    assertThat(output.watermarks)
        .containsExactly(START - 5001, START + Duration.ofMinutes(5).toMillis() - 5001);
  }

  private static final class RecordingOutput implements WatermarkOutput {
    final List<Long> watermarks = new ArrayList<>();
    boolean idle;

    @Override
    public void emitWatermark(Watermark watermark) {
      watermarks.add(watermark.getTimestamp());
      idle = false;
    }

    @Override
    public void markIdle() {
      idle = true;
    }

    @Override
    public void markActive() {
      idle = false;
    }
  }
}
