package com.opsmon.jobs.care;

import static com.opsmon.jobs.TestEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.kpi.Minute;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One series' open tickets, sampled at each minute's end as event time moves by hand. */
class SampleOpenTicketsTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final String SERIES = "channel=web,kind=complaint,region=eu";
  private static final String OTHER = "channel=app,kind=inquiry,region=us";
  private static final Duration HORIZON = Duration.ofMinutes(10);

  private KeyedOneInputStreamOperatorTestHarness<String, TicketFact, Minute<OpenTickets>> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new SampleOpenTickets(HORIZON, Duration.ofDays(1)), TicketFact::series, Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void change(int delta, Instant at) throws Exception {
    change(SERIES, delta, at);
  }

  private void change(String series, int delta, Instant at) throws Exception {
    TicketFact fact =
        new TicketFact(series, opened(at, "k", "complaint", "web", "eu"), -1, -1, delta);
    harness.processElement(new StreamRecord<>(fact, at.toEpochMilli()));
  }

  private static Instant minute(int n) {
    return T0.plus(Duration.ofMinutes(n));
  }

  private void minutesClosed(int through) throws Exception {
    harness.processWatermark(minute(through + 1).toEpochMilli() - 1);
  }

  /** Samples as "minute=level". */
  private List<String> samples() {
    return harness.extractOutputValues().stream()
        .map(
            m ->
                Duration.ofMillis(m.start() - T0.toEpochMilli()).toMinutes()
                    + "="
                    + m.totals().open)
        .toList();
  }

  @Test
  void shouldSampleEveryMinuteWhileTicketsAreOpenThenZeroOnceAndForgetTheSeries() throws Exception {
    change(+1, minute(0).plusSeconds(10));
    change(+1, minute(0).plusSeconds(20));
    change(-1, minute(2).plusSeconds(5));
    change(-1, minute(3).plusSeconds(59));
    minutesClosed(6);

    assertThat(samples()).containsExactly("0=2", "1=2", "2=1", "3=0");
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void shouldApplyAChangeThatMissedItsMinuteToTheNextSample() throws Exception {
    change(+1, minute(0).plusSeconds(10));
    minutesClosed(1);

    change(+1, minute(0).plusSeconds(30));
    minutesClosed(2);

    assertThat(samples()).containsExactly("0=1", "1=1", "2=2");
  }

  @Test
  void shouldSampleEverySeriesUpToTheLatestTicketFactWhenTheInputEnds() throws Exception {
    change(+1, minute(0));
    change(OTHER, +1, minute(1));
    change(OTHER, 0, minute(3));

    harness.processWatermark(Long.MAX_VALUE);

    assertThat(harness.extractOutputValues())
        .extracting(
            m ->
                (m.series().equals(SERIES) ? "a" : "b")
                    + Duration.ofMillis(m.start() - T0.toEpochMilli()).toMinutes()
                    + "="
                    + m.totals().open)
        .containsExactlyInAnyOrder("a0=1", "a1=1", "a2=1", "a3=1", "b1=1", "b2=1", "b3=1");
  }

  @Test
  void shouldSkipTheMinutesAJumpLeavesFartherBehindThanTheHorizonForEverySeriesAlike()
      throws Exception {
    change(+1, minute(0));
    change(OTHER, +1, minute(0));
    minutesClosed(0);
    change(OTHER, +1, minute(30));

    minutesClosed(100);

    List<String> sampled =
        harness.extractOutputValues().stream()
            .map(
                m ->
                    (m.series().equals(SERIES) ? "a" : "b")
                        + Duration.ofMillis(m.start() - T0.toEpochMilli()).toMinutes()
                        + "="
                        + m.totals().open)
            .toList();
    List<String> expected = new java.util.ArrayList<>(List.of("a0=1", "b0=1"));
    for (int m = 90; m <= 100; m++) {
      expected.add("a" + m + "=1");
      expected.add("b" + m + "=2");
    }
    assertThat(sampled).containsExactlyInAnyOrderElementsOf(expected);
  }
}
