package com.opsmon.jobs.orders;

import static com.opsmon.jobs.TestOrders.created;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job's real window operator, driven by hand: elements in, watermarks pushed explicitly. */
class OrderWindowHarnessTest {
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration LATENESS = Duration.ofMinutes(10);

  private KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, KpiPoint> harness;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void setUp() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    DataStream<OrderEvent> input = env.fromData(created(T0, "eu", "1", "EUR"));
    OrderKpiJob.Outputs outputs =
        OrderKpiJob.build(input, new OrderKpiJob.Settings(MINUTE, LATENESS));
    OneInputStreamOperator<OrderEvent, KpiPoint> window =
        ((OneInputTransformation<OrderEvent, KpiPoint>) outputs.kpis().getTransformation())
            .getOperator();
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(window, OrderEvent::region, Types.STRING);
    harness.open();
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void add(OrderEvent order) throws Exception {
    harness.processElement(new StreamRecord<>(order, order.occurredAt().toEpochMilli()));
  }

  private void watermarkAt(Instant t) throws Exception {
    harness.processWatermark(new Watermark(t.toEpochMilli()));
  }

  private static KpiPoint orders(Instant window, String region, long n) {
    return new KpiPoint("orders", window, MINUTE, Map.of("region", region), n);
  }

  private static KpiPoint revenue(Instant window, String region, String currency, double sum) {
    return new KpiPoint(
        "revenue", window, MINUTE, Map.of("region", region, "currency", currency), sum);
  }

  @Test
  void shouldEmitCountAndExactRevenuePerCurrencyWhenTheWatermarkPassesTheWindow() throws Exception {
    add(created(T0.plusSeconds(1), "eu", "10.10", "EUR"));
    add(created(T0.plusSeconds(20), "eu", "0.20", "EUR"));
    add(created(T0.plusSeconds(30), "eu", "5.00", "GBP"));
    add(created(T0.plusSeconds(59), "us", "7.00", "USD"));
    watermarkAt(T0.plusSeconds(59));
    assertThat(harness.extractOutputValues()).isEmpty();

    watermarkAt(T0.plus(MINUTE).minusMillis(1));

    assertThat(harness.extractOutputValues())
        .containsExactlyInAnyOrder(
            orders(T0, "eu", 3),
            revenue(T0, "eu", "EUR", 10.30),
            revenue(T0, "eu", "GBP", 5.00),
            orders(T0, "us", 1),
            revenue(T0, "us", "USD", 7.00));
  }

  @Test
  void shouldReEmitTheCorrectedWindowForALateEventWithinTheAllowedLateness() throws Exception {
    add(created(T0.plusSeconds(5), "eu", "1.00", "EUR"));
    watermarkAt(T0.plus(MINUTE.multipliedBy(3)));
    harness.getOutput().clear();

    add(created(T0.plusSeconds(10), "eu", "2.50", "EUR"));

    assertThat(harness.extractOutputValues())
        .containsExactly(orders(T0, "eu", 2), revenue(T0, "eu", "EUR", 3.50));
    assertThat(harness.getSideOutput(OrderKpiJob.TOO_LATE)).isNull();
  }

  @Test
  void shouldSetAsideAnEventLaterThanTheAllowedLatenessAndForgetTheWindowState() throws Exception {
    add(created(T0.plusSeconds(5), "eu", "1.00", "EUR"));
    watermarkAt(T0.plus(MINUTE).plus(LATENESS));
    assertThat(harness.numKeyedStateEntries()).isZero();
    harness.getOutput().clear();

    OrderEvent tooLate = created(T0.plusSeconds(10), "eu", "2.50", "EUR");
    add(tooLate);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.getSideOutput(OrderKpiJob.TOO_LATE))
        .extracting(StreamRecord::getValue)
        .containsExactly(tooLate);
    assertThat(harness.numKeyedStateEntries()).isZero();
  }
}
