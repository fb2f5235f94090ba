package com.opsmon.alerting.lifecycle;

import static com.opsmon.alerting.TestSignals.firing;
import static com.opsmon.alerting.TestSignals.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.alerting.config.AlertingConfig;
import com.opsmon.alerting.config.RoutingFile;
import com.opsmon.model.alerts.AlertState;
import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.alerts.Matcher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lifecycle as a pure function: replays and stale signals change nothing. */
class AlertLifecycleTest {
  private static final Instant T1 = Instant.parse("2026-03-02T10:01:00Z");
  private static final Instant T3 = Instant.parse("2026-03-02T10:03:00Z");
  private static final Instant NOW = Instant.parse("2026-03-02T10:10:00Z");

  private final AlertLifecycle lifecycle =
      new AlertLifecycle(
          new AlertingConfig.Lifecycle(
              List.of(
                  new AlertingConfig.PendingFor(
                      List.of(Matcher.parse("region=\"slow\"")), Duration.ofMinutes(30))),
              4,
              Duration.ofMinutes(10),
              Duration.ofMinutes(5),
              Duration.ofHours(1),
              Duration.ofHours(1),
              Duration.ofSeconds(1)));

  @Test
  void shouldIgnoreARepeatedFiringAndAReplayedEpisodeThatAlreadyEnded() {
    AlertLifecycle.Step fired = lifecycle.onSignal(null, firing("eu", T1), NOW);
    AlertLifecycle.Step again = lifecycle.onSignal(fired.record(), firing("eu", T1), NOW);
    AlertLifecycle.Step over = lifecycle.onSignal(fired.record(), resolved("eu", T1, T3), NOW);
    AlertLifecycle.Step replay = lifecycle.onSignal(over.record(), firing("eu", T1), NOW);

    assertThat(fired.published()).extracting(AlertView::state).containsExactly(AlertState.FIRING);
    assertThat(again.published()).isEmpty();
    assertThat(over.published()).extracting(AlertView::state).containsExactly(AlertState.RESOLVED);
    assertThat(over.record().signal().endsAt()).isEqualTo(T3);
    assertThat(replay.published()).isEmpty();
  }

  @Test
  void shouldIgnoreAResolutionOfAnEarlierEpisode() {
    AlertLifecycle.Step fired = lifecycle.onSignal(null, firing("eu", T3), NOW);

    assertThat(
            lifecycle
                .onSignal(fired.record(), resolved("eu", T1, T1.plusSeconds(30)), NOW)
                .published())
        .isEmpty();
  }

  @Test
  void shouldFireAPendingAlertThatHeldLongEnoughEvenIfItsResolutionCameFirst() {
    AlertLifecycle.Step pending = lifecycle.onSignal(null, firing("slow", NOW), NOW);
    Instant end = NOW.plus(Duration.ofMinutes(40));

    AlertLifecycle.Step over =
        lifecycle.onSignal(
            pending.record(), resolved("slow", NOW, end), NOW.plus(Duration.ofMinutes(29)));

    assertThat(pending.published())
        .extracting(AlertView::state)
        .containsExactly(AlertState.PENDING);
    assertThat(over.published())
        .extracting(AlertView::state)
        .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
  }

  @Test
  void shouldIgnoreAnAcknowledgementOfAResolvedAlert() {
    AlertLifecycle.Step fired = lifecycle.onSignal(null, firing("eu", T1), NOW);
    AlertLifecycle.Step over = lifecycle.onSignal(fired.record(), resolved("eu", T1, T3), NOW);

    assertThat(
            lifecycle
                .onAck(
                    over.record(),
                    new com.opsmon.model.alerts.Ack("a", "c", NOW, NOW.plusSeconds(60)),
                    NOW)
                .published())
        .isEmpty();
  }

  @Test
  void shouldKeepTheHistoryBounded() {
    AlertLifecycle.Step step = lifecycle.onSignal(null, firing("eu", T1), NOW);
    AlertRecord record = step.record();
    for (int i = 0; i < 50; i++) {
      record =
          lifecycle
              .onAck(
                  record,
                  new com.opsmon.model.alerts.Ack("a" + i, "c", NOW, NOW.plusSeconds(60)),
                  NOW)
              .record();
    }
    assertThat(record.view().history()).hasSize(AlertView.MAX_HISTORY);
    assertThat(RoutingFile.DEFAULT_LIFECYCLE.flapChanges()).isEqualTo(6);
  }
}
