package com.opsmon.api.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamHubTest {
  private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");
  private static final StreamFilter ALL = new StreamFilter(Set.of(), Map.of(), true);

  private static KpiPoint orders(String region, double value) {
    return new KpiPoint(
        "orders", T, Duration.ofMinutes(1), Map.of("region", region, "channel", "all"), value);
  }

  private static List<Double> drain(StreamHub.Subscription s) throws InterruptedException {
    List<Double> values = new ArrayList<>();
    for (Optional<StreamHub.Event> e = s.next(0); e.isPresent(); e = s.next(0)) {
      values.add(e.get().point().value());
    }
    return values;
  }

  @Test
  void shouldResumeAfterTheLastEventIdWithWhatMatches() throws Exception {
    StreamHub hub = new StreamHub("e1", new StreamSettings(10, 5, 100, Duration.ofSeconds(1)));
    for (int i = 1; i <= 5; i++) {
      hub.publish(orders(i % 2 == 0 ? "eu" : "us", i));
    }

    StreamHub.Subscription eu =
        hub.subscribe(
            new StreamFilter(Set.of("orders"), Map.of("region", "eu"), false), Optional.of("e1-1"));
    StreamHub.Subscription everything = hub.subscribe(ALL, Optional.of("e1-3"));
    hub.publish(orders("eu", 6));

    assertThat(eu.reset()).isFalse();
    assertThat(drain(eu)).containsExactly(2.0, 4.0, 6.0);
    assertThat(drain(everything)).containsExactly(4.0, 5.0, 6.0);
  }

  @Test
  void shouldTellAClientToReloadWhenWhatItMissedIsGone() {
    StreamHub hub = new StreamHub("e1", new StreamSettings(10, 5, 3, Duration.ofSeconds(1)));
    for (int i = 1; i <= 10; i++) {
      hub.publish(orders("eu", i));
    }

    assertThat(hub.subscribe(ALL, Optional.of("e1-7")).reset()).isFalse();
    assertThat(hub.subscribe(ALL, Optional.of("e1-6")).reset()).as("7 is gone").isTrue();
    assertThat(hub.subscribe(ALL, Optional.of("e0-9")).reset()).as("another process").isTrue();
    assertThat(hub.subscribe(ALL, Optional.of("e1-99")).reset()).isTrue();
    assertThat(hub.subscribe(ALL, Optional.of("nonsense")).reset()).isTrue();
  }

  @Test
  void shouldCutOffAClientAWholeBufferBehindWithoutHoldingUpTheOthers() throws Exception {
    StreamHub hub = new StreamHub("e1", new StreamSettings(10, 3, 0, Duration.ofSeconds(1)));
    StreamHub.Subscription slow = hub.subscribe(ALL, Optional.empty());
    StreamHub.Subscription fast = hub.subscribe(ALL, Optional.empty());
    List<Double> fastGot = new ArrayList<>();

    for (int i = 1; i <= 10; i++) {
      hub.publish(orders("eu", i));
      fastGot.addAll(drain(fast));
    }

    assertThat(slow.cutOff()).isTrue();
    assertThat(fast.cutOff()).isFalse();
    assertThat(fastGot).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
    assertThat(hub.clients()).isEqualTo(1);
    assertThat(hub.cutOff()).isEqualTo(1);
    assertThat(drain(slow)).as("what it had stays bounded").containsExactly(1.0, 2.0, 3.0);
  }

  @Test
  void shouldForgetAClosedClient() {
    StreamHub hub = new StreamHub("e1", StreamSettings.DEFAULTS);
    StreamHub.Subscription s = hub.subscribe(ALL, Optional.empty());

    s.close();

    assertThat(hub.clients()).isZero();
  }
}
