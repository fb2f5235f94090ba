package com.opsmon.jobs.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.kpi.Minute;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One warehouse's backlog changes pushed in by hand, event time moved explicitly. */
class TrackBacklogTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final String AMS = "region=eu,warehouse=ams-1";
  private static final Duration LATENESS = Duration.ofMinutes(10);
  private static final Duration RETENTION = Duration.ofHours(1);

  private KeyedOneInputStreamOperatorTestHarness<String, BacklogChange, Minute<OpenOrders>> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new TrackBacklog<>(OpenOrders::new, LATENESS, RETENTION),
            BacklogChange::series,
            Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private static Instant at(int minutes, int seconds) {
    return T0.plus(Duration.ofMinutes(minutes)).plusSeconds(seconds);
  }

  private void change(Instant at, int delta) throws Exception {
    harness.processElement(new BacklogChange(AMS, at.toEpochMilli(), delta), at.toEpochMilli());
  }

  /** Event time passes the end of minute {@code m}. */
  private void minuteEnds(int m) throws Exception {
    harness.processWatermark(at(m + 1, 0).toEpochMilli() - 1);
  }

  /** Each emitted minute as m{index}={open orders}. */
  private List<String> minutes() {
    return harness.extractOutputValues().stream()
        .map(
            m ->
                "m"
                    + Duration.between(T0, Instant.ofEpochMilli(m.start())).toMinutes()
                    + "="
                    + m.totals().open)
        .toList();
  }

  @Test
  void shouldEmitTheBacklogAtTheEndOfEveryMinuteChangedOrNot() throws Exception {
    change(at(0, 10), +1);
    change(at(0, 20), +1);
    change(at(2, 10), -1);

    minuteEnds(3);

    assertThat(minutes()).containsExactly("m0=2", "m1=2", "m2=1", "m3=1");
    assertThat(harness.extractOutputValues()).allMatch(m -> m.series().equals(AMS));
  }

  @Test
  void shouldEmitAMinuteOnlyOnceEventTimeHasPassedItsEnd() throws Exception {
    change(at(0, 10), +1);
    change(at(1, 5), +1); // ahead of the watermark, within the out-of-orderness

    harness.processWatermark(at(1, 0).toEpochMilli() - 2);
    assertThat(minutes()).isEmpty();

    minuteEnds(0);
    assertThat(minutes()).containsExactly("m0=1");
  }

  @Test
  void shouldRewriteTheEmittedMinutesWhenALateChangeArrivesWithinTheLateness() throws Exception {
    change(at(0, 10), +1);
    change(at(0, 20), +1);
    minuteEnds(3);

    change(at(1, 10), -1);
    minuteEnds(4);

    assertThat(minutes())
        .containsExactly("m0=2", "m1=2", "m2=2", "m3=2", "m1=1", "m2=1", "m3=1", "m4=1");
  }

  @Test
  void shouldCorrectOnlyTheMinutesTheViewsStillTakeForAChangeOlderThanTheLateness()
      throws Exception {
    change(at(0, 10), +1);
    minuteEnds(20);

    change(at(2, 0), +1);
    minuteEnds(21);

    List<String> all = minutes();
    assertThat(all.subList(0, 21)).allMatch(m -> m.endsWith("=1")).endsWith("m20=1");
    assertThat(all.subList(21, all.size()))
        .containsExactly(
            "m10=2", "m11=2", "m12=2", "m13=2", "m14=2", "m15=2", "m16=2", "m17=2", "m18=2",
            "m19=2", "m20=2", "m21=2");
  }

  @Test
  void shouldStopAfterTheLastChangeWhenTheInputEnds() throws Exception {
    change(at(0, 10), +1);
    minuteEnds(0);
    change(at(3, 0), +2);

    harness.processWatermark(Long.MAX_VALUE);

    assertThat(minutes()).containsExactly("m0=1", "m1=1", "m2=1", "m3=3");
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void shouldForgetASeriesWithNoChangeForTheRetention() throws Exception {
    change(at(0, 10), +1);
    change(at(0, 30), -1);

    minuteEnds(59);
    assertThat(harness.numKeyedStateEntries()).isPositive();
    minuteEnds(60);

    assertThat(minutes()).hasSize(61).allMatch(m -> m.endsWith("=0"));
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }
}
