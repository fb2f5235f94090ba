package com.opsmon.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.health.Arrival;
import com.opsmon.jobs.health.CountArrivals;
import com.opsmon.jobs.health.EventsIn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The minute window {@link KpiStreams#minutes} builds, run in a test harness with event and
 * processing time moved by hand: partial minutes while it is open, then the final one.
 */
class EarlyMinutesTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final String EU = "region=eu";

  private MinuteWindows<Arrival, EventsIn> harness;

  @BeforeEach
  void setUp() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    var minutes =
        KpiStreams.minutes(
                env.fromData(new Arrival("orders", EU, Arrival.ON_TIME)),
                Arrival::series,
                new CountArrivals(),
                TypeInformation.of(EventsIn.class),
                Duration.ofMinutes(5),
                TagCaps.DEFAULTS,
                "test")
            .minutes();
    harness = MinuteWindows.of(minutes);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void arrivalAt(Duration sinceT0) throws Exception {
    harness.processElement(
        new StreamRecord<>(
            Tuple2.of(EU, new Arrival("orders", EU, Arrival.ON_TIME)),
            T0.plus(sinceT0).toEpochMilli()));
  }

  /** What the window emitted so far: events counted, and whether partial. */
  private List<String> emitted() {
    return harness.extractOutputValues().stream()
        .map(m -> m.totals().events + (m.partial() ? " so far" : " final"))
        .toList();
  }

  @Test
  void shouldShowAnOpenMinuteAtMostEveryQuarterSecondAndOnlyWhenSomethingArrived()
      throws Exception {
    harness.setProcessingTime(0);
    arrivalAt(Duration.ofSeconds(10));
    arrivalAt(Duration.ofSeconds(11));
    assertThat(emitted()).isEmpty();

    harness.setProcessingTime(250);
    assertThat(emitted()).containsExactly("2 so far");

    harness.setProcessingTime(500);
    assertThat(emitted()).as("nothing new arrived").containsExactly("2 so far");

    arrivalAt(Duration.ofSeconds(20));
    harness.setProcessingTime(750);
    assertThat(emitted()).containsExactly("2 so far", "3 so far");

    // on the clock's next quarter second, whenever in it the event came: every series together
    harness.setProcessingTime(800);
    arrivalAt(Duration.ofSeconds(25));
    harness.setProcessingTime(999);
    assertThat(emitted()).hasSize(2);
    harness.setProcessingTime(1_000);
    assertThat(emitted()).containsExactly("2 so far", "3 so far", "4 so far");
  }

  @Test
  void shouldEmitTheFinalMinuteAtItsEndAndCorrectItOnceAQuarterSecondForTheLateEvents()
      throws Exception {
    harness.setProcessingTime(0);
    arrivalAt(Duration.ofSeconds(10));
    harness.setProcessingTime(100);
    harness.processWatermark(new Watermark(T0.plusSeconds(60).toEpochMilli() - 1));
    assertThat(emitted()).containsExactly("1 final");
    harness.setProcessingTime(250);
    assertThat(emitted()).as("the final minute held the event already").hasSize(1);

    // late, within the allowed lateness: one correction for all of a quarter second's
    arrivalAt(Duration.ofSeconds(30));
    arrivalAt(Duration.ofSeconds(31));
    harness.setProcessingTime(499);
    assertThat(emitted()).hasSize(1);
    harness.setProcessingTime(500);
    assertThat(emitted()).containsExactly("1 final", "3 final");

    harness.setProcessingTime(5_000);
    assertThat(emitted()).as("nothing came since; a closed minute is never partial").hasSize(2);
  }

  @Test
  void shouldStillCorrectTheMinuteWhenItsLatenessEndsBeforeTheQuarterSecond() throws Exception {
    harness.setProcessingTime(0);
    arrivalAt(Duration.ofSeconds(10));
    harness.processWatermark(new Watermark(T0.plusSeconds(60).toEpochMilli() - 1));
    arrivalAt(Duration.ofSeconds(30));

    // a backfill moves event time past the allowed lateness (5 minutes) within the quarter second
    harness.processWatermark(new Watermark(T0.plus(Duration.ofMinutes(7)).toEpochMilli()));

    assertThat(emitted()).containsExactly("1 final", "2 final");
    assertThat(harness.numKeyedStateEntries()).as("the window's state is dropped").isZero();
    harness.setProcessingTime(250);
    assertThat(emitted()).hasSize(2);
  }
}
