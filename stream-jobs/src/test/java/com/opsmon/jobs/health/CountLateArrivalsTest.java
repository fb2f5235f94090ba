package com.opsmon.jobs.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.kpi.Minute;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CountLateArrivalsTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final String SERIES = "region=eu,source=orders";

  private KeyedOneInputStreamOperatorTestHarness<String, Arrival, Minute<LateEvents>> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new CountLateArrivals(Duration.ofDays(1)), Arrival::series, Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void arrive(long lateIn, Instant eventTime) throws Exception {
    harness.processElement(
        new StreamRecord<>(new Arrival("orders", SERIES, lateIn), eventTime.toEpochMilli()));
  }

  @Test
  void shouldCountLateArrivalsInTheMinuteTheyArrivedInAndForgetIt() throws Exception {
    long third = T0.plus(Duration.ofMinutes(3)).toEpochMilli();
    arrive(third, T0);
    arrive(Arrival.ON_TIME, T0.plus(Duration.ofMinutes(3)));
    arrive(third, T0.minus(Duration.ofHours(5)));
    harness.processWatermark(third + 59_998);
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processWatermark(third + 59_999);

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.series()).isEqualTo(SERIES);
              assertThat(m.start()).isEqualTo(third);
              assertThat(m.totals().late).isEqualTo(2);
            });
    assertThat(harness.numKeyedStateEntries()).isZero();
  }
}
