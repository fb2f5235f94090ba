package com.opsmon.jobs.services;

import static com.opsmon.jobs.TestEvents.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.kpi.EarlyFirings;
import com.opsmon.jobs.kpi.KpiStreams;
import com.opsmon.jobs.kpi.MinuteWindows;
import com.opsmon.jobs.kpi.TagCaps;
import com.opsmon.model.events.ServiceCallEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The services' minute windows, the very operator {@link KpiStreams#minutes} builds for them, with
 * calls and watermarks pushed by hand: a late call rewrites its minute, a too-late one is set
 * aside.
 */
class ServiceMinutesTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final Duration LATENESS = Duration.ofMinutes(10);

  private MinuteWindows<ServiceCallEvent, ServiceTotals> harness;

  @BeforeEach
  void setUp() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    KpiStreams.Minutes<ServiceCallEvent, ServiceTotals> minutes =
        KpiStreams.minutes(
            env.fromData(call(T0, "payments", "eu", 200, 1)),
            ServiceKpiJob::series,
            new CountServiceCalls(),
            TypeInformation.of(ServiceTotals.class),
            LATENESS,
            TagCaps.DEFAULTS,
            "services");
    harness = MinuteWindows.of(minutes.minutes());
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void send(ServiceCallEvent call) throws Exception {
    harness.processElement(
        new StreamRecord<>(
            Tuple2.of(ServiceKpiJob.series(call), call), call.occurredAt().toEpochMilli()));
  }

  private void eventTimeReaches(Instant t) throws Exception {
    harness.processWatermark(t.toEpochMilli());
  }

  /** Each minute emitted, as "requests/errors". */
  private List<String> minutes() {
    return harness.extractOutputValues().stream()
        .map(m -> m.totals().requests + "/" + m.totals().errors)
        .toList();
  }

  @Test
  void shouldEmitTheMinuteAgainWithALateCallAndSetAsideOneLaterThanTheLateness() throws Exception {
    send(call(T0.plusSeconds(1), "payments", "eu", 200, 100));
    send(call(T0.plusSeconds(2), "payments", "eu", 503, 100));
    eventTimeReaches(T0.plusSeconds(60));
    assertThat(minutes()).containsExactly("2/1");

    eventTimeReaches(T0.plus(Duration.ofMinutes(5)));
    send(call(T0.plusSeconds(30), "payments", "eu", 504, 100));
    harness.setProcessingTime(EarlyFirings.EVERY.toMillis());

    assertThat(minutes()).containsExactly("2/1", "3/2");

    eventTimeReaches(T0.plus(Duration.ofMinutes(1)).plus(LATENESS));
    assertThat(harness.numKeyedStateEntries()).isZero();
    ServiceCallEvent tooLate = call(T0.plusSeconds(40), "payments", "eu", 200, 100);
    send(tooLate);

    assertThat(minutes()).containsExactly("2/1", "3/2");
    // the tag is named after the operators; tags are equal by name
    OutputTag<Tuple2<String, ServiceCallEvent>> late =
        new OutputTag<>(
            "services-too-late",
            Types.TUPLE(Types.STRING, TypeInformation.of(ServiceCallEvent.class)));
    assertThat(harness.getSideOutput(late))
        .extracting(r -> r.getValue().f1)
        .containsExactly(tooLate);
  }
}
