package com.opsmon.jobs.health;

import static com.opsmon.jobs.TestOrders.created;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.events.OrderEvent;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MarkArrivalTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  private OneInputStreamOperatorTestHarness<OrderEvent, Arrival> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forProcessFunction(
            new MarkArrival<OrderEvent>("orders", OrderEvent::region));
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private Arrival arrive(Instant at) throws Exception {
    harness.processElement(new StreamRecord<>(created(at, "eu", "1.00", "EUR"), at.toEpochMilli()));
    var values = harness.extractOutputValues();
    return values.get(values.size() - 1);
  }

  @Test
  void shouldCallAnEventBehindTheWatermarkOnTimeWhileItsMinuteIsOpen() throws Exception {
    harness.processWatermark(T0.plusSeconds(50).toEpochMilli());

    Arrival arrival = arrive(T0.plusSeconds(10));

    assertThat(arrival)
        .isEqualTo(new Arrival("orders", "region=eu,source=orders", Arrival.ON_TIME));
  }

  @Test
  void shouldCountAnEventWhoseMinuteClosedInTheMinuteItArrivedIn() throws Exception {
    harness.processWatermark(T0.plus(Duration.ofMinutes(3)).plusSeconds(20).toEpochMilli());

    Arrival arrival = arrive(T0.plus(Duration.ofMinutes(1)).plusSeconds(59));

    assertThat(arrival.late()).isTrue();
    assertThat(Instant.ofEpochMilli(arrival.lateIn())).isEqualTo(T0.plus(Duration.ofMinutes(3)));
  }

  @Test
  void shouldCountAnEventArrivingJustAsItsMinuteClosedAsLateInTheNextMinute() throws Exception {
    harness.processWatermark(T0.plus(Duration.ofMinutes(1)).toEpochMilli() - 1);

    Arrival arrival = arrive(T0.plusSeconds(30));

    assertThat(Instant.ofEpochMilli(arrival.lateIn())).isEqualTo(T0.plus(Duration.ofMinutes(1)));
  }

  @Test
  void shouldNameTheRegionUnknownForEventsWithoutOne() throws Exception {
    try (var inventory =
        ProcessFunctionTestHarnesses.forProcessFunction(
            new MarkArrival<OrderEvent>("inventory", e -> null))) {
      inventory.processElement(
          new StreamRecord<>(created(T0, "eu", "1.00", "EUR"), T0.toEpochMilli()));

      assertThat(inventory.extractOutputValues())
          .containsExactly(
              new Arrival("inventory", "region=unknown,source=inventory", Arrival.ON_TIME));
    }
  }
}
