package com.opsmon.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.health.Arrival;
import com.opsmon.jobs.health.CountArrivals;
import com.opsmon.jobs.health.EventsIn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PreAggregate} in a test harness with event and processing time moved by hand: what it adds
 * up, and every moment it must let go of it.
 */
class PreAggregateTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final Duration LATENESS = Duration.ofMinutes(5);
  private static final String EU = "region=eu";
  private static final String US = "region=us";
  private static final OutputTag<Tuple2<String, Arrival>> TOO_LATE =
      new OutputTag<>("too-late", Types.TUPLE(Types.STRING, TypeInformation.of(Arrival.class)));

  private OneInputStreamOperatorTestHarness<Tuple2<String, Arrival>, Tuple2<String, EventsIn>>
      harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        new OneInputStreamOperatorTestHarness<>(
            new PreAggregate<>(new CountArrivals(), LATENESS, TOO_LATE));
    harness.setProcessingTime(0);
    harness.open();
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void arrival(String series, Duration sinceT0) throws Exception {
    harness.processElement(
        new StreamRecord<>(
            Tuple2.of(series, new Arrival("orders", series, Arrival.ON_TIME)),
            T0.plus(sinceT0).toEpochMilli()));
  }

  /** What came out so far, in order: "series count @ seconds since T0", or "watermark". */
  private List<String> emitted() {
    return harness.getOutput().stream()
        .map(o -> o instanceof Watermark ? "watermark" : describe((StreamRecord<?>) o))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static String describe(StreamRecord<?> record) {
    var pair = (Tuple2<String, EventsIn>) record.getValue();
    long seconds = (record.getTimestamp() - T0.toEpochMilli()) / 1000;
    return pair.f0 + " " + pair.f1.events + " @ " + seconds;
  }

  @Test
  void shouldAddUpASeriesMinuteAndLetItGoBeforeTheWatermarkThatPassesIt() throws Exception {
    arrival(EU, Duration.ofSeconds(10));
    arrival(EU, Duration.ofSeconds(30));
    arrival(US, Duration.ofSeconds(20));
    arrival(EU, Duration.ofSeconds(61));
    arrival(EU, Duration.ofSeconds(5));
    assertThat(emitted()).as("held until something lets it go").isEmpty();

    harness.processWatermark(new Watermark(T0.plusSeconds(50).toEpochMilli()));

    // stamped with the latest fact's time, always inside its own minute
    assertThat(emitted())
        .containsExactly("region=eu 3 @ 30", "region=us 1 @ 20", "region=eu 1 @ 61", "watermark");
  }

  @Test
  void shouldLetGoAfterATenthOfASecondOfProcessingTime() throws Exception {
    arrival(EU, Duration.ofSeconds(10));
    harness.setProcessingTime(PreAggregate.FLUSH_EVERY.toMillis() - 1);
    arrival(EU, Duration.ofSeconds(11));
    assertThat(emitted()).isEmpty();

    harness.setProcessingTime(PreAggregate.FLUSH_EVERY.toMillis());
    assertThat(emitted()).containsExactly("region=eu 2 @ 11");

    arrival(EU, Duration.ofSeconds(12));
    harness.setProcessingTime(2 * PreAggregate.FLUSH_EVERY.toMillis());
    assertThat(emitted()).containsExactly("region=eu 2 @ 11", "region=eu 1 @ 12");
  }

  @Test
  void shouldHoldNothingInACheckpoint() throws Exception {
    arrival(EU, Duration.ofSeconds(10));
    harness.prepareSnapshotPreBarrier(1);
    assertThat(emitted()).containsExactly("region=eu 1 @ 10");
  }

  @Test
  void shouldLetGoAtTheEndOfInput() throws Exception {
    arrival(EU, Duration.ofSeconds(10));
    harness.endInput();
    assertThat(emitted()).containsExactly("region=eu 1 @ 10");
  }

  @Test
  void shouldSetAsideAFactLaterThanTheLatenessAsItCameAndAddUpOneWithin() throws Exception {
    // the minute from T0 ends at T0 + 60 s; its lateness ends 5 minutes later
    harness.processWatermark(new Watermark(T0.plus(Duration.ofMinutes(6)).toEpochMilli() - 2));
    arrival(EU, Duration.ofSeconds(40));
    harness.processWatermark(new Watermark(T0.plus(Duration.ofMinutes(6)).toEpochMilli() - 1));
    arrival(EU, Duration.ofSeconds(50));

    assertThat(emitted()).containsExactly("watermark", "region=eu 1 @ 40", "watermark");
    assertThat(harness.getSideOutput(TOO_LATE))
        .extracting(r -> r.getValue().f1.series() + " @ " + r.getTimestamp())
        .containsExactly(EU + " @ " + T0.plusSeconds(50).toEpochMilli());
  }

  @Test
  void shouldLetGoOnceItHoldsTheMostSeriesMinutesItMay() throws Exception {
    for (int i = 0; i < PreAggregate.MAX_HELD - 1; i++) {
      arrival("region=r" + i, Duration.ofSeconds(1));
    }
    assertThat(harness.getOutput()).isEmpty();

    arrival(EU, Duration.ofSeconds(1));
    assertThat(harness.getOutput()).hasSize(PreAggregate.MAX_HELD);
  }
}
