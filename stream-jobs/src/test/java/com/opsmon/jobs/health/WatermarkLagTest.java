package com.opsmon.jobs.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatermarkLagTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  /** The wall clock of the test: 90 s after T0 unless moved. */
  private static long wallClock = T0.plusSeconds(90).toEpochMilli();

  private KeyedOneInputStreamOperatorTestHarness<String, Arrival, KpiPoint> harness;

  @BeforeEach
  void setUp() throws Exception {
    wallClock = T0.plusSeconds(90).toEpochMilli();
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new WatermarkLag(() -> wallClock), Arrival::source, Types.STRING);
    harness.processElement(
        new StreamRecord<>(
            new Arrival("orders", "region=eu,source=orders", Arrival.ON_TIME),
            T0.plusSeconds(5).toEpochMilli()));
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private static KpiPoint lag(int minute, double seconds) {
    return new KpiPoint(
        "watermark_lag",
        T0.plus(Duration.ofMinutes(minute)),
        Duration.ofMinutes(1),
        Map.of("source", "orders", "region", "all"),
        seconds);
  }

  @Test
  void shouldGiveTheLagOfEventTimeBehindTheWallClockAsEachMinuteCloses() throws Exception {
    harness.processWatermark(T0.plusSeconds(59).toEpochMilli());
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processWatermark(T0.plusSeconds(60).toEpochMilli());
    wallClock += 60_000;
    harness.processWatermark(T0.plusSeconds(121).toEpochMilli());

    assertThat(harness.extractOutputValues()).containsExactly(lag(0, 30), lag(1, 29));
  }

  @Test
  void shouldGiveOnePointForTheLastMinuteWhenEventTimeJumpsOverMany() throws Exception {
    harness.processWatermark(T0.plus(Duration.ofMinutes(10)).plusSeconds(30).toEpochMilli());

    assertThat(harness.extractOutputValues()).containsExactly(lag(9, -540));
  }

  @Test
  void shouldStopWhenTheInputEnds() throws Exception {
    harness.processWatermark(Long.MAX_VALUE);

    assertThat(harness.extractOutputValues()).isEmpty();
  }
}
