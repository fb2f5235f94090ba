package com.opsmon.alerting.lifecycle;

import static com.opsmon.alerting.TestSignals.firing;
import static com.opsmon.alerting.TestSignals.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertLifecycleTest {
  private static final Instant T1 = Instant.parse("2026-11-25T10:01:00Z");
  private static final Instant T3 = Instant.parse("2026-11-25T10:03:00Z");
  private static final Instant T5 = Instant.parse("2026-11-25T10:05:00Z");

  @Test
  void shouldNotifyANewFiringAlert() {
    AlertLifecycle.Step step = AlertLifecycle.next(null, firing("eu", T1));

    assertThat(step.change()).contains(firing("eu", T1));
    assertThat(step.state()).isEqualTo(firing("eu", T1));
  }

  @Test
  void shouldNotNotifyAFiringAlertAgain() {
    AlertLifecycle.Step step = AlertLifecycle.next(firing("eu", T1), firing("eu", T1));

    assertThat(step.change()).isEmpty();
  }

  @Test
  void shouldNotifyResolutionKeepingTheStartOfTheEpisode() {
    AlertLifecycle.Step step = AlertLifecycle.next(firing("eu", T1), resolved("eu", T1, T3));

    AlertSignal change = step.change().orElseThrow();
    assertThat(change.status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(change.startsAt()).isEqualTo(T1);
    assertThat(change.endsAt()).isEqualTo(T3);
  }

  @Test
  void shouldIgnoreAResolutionOfAnAlertThatIsNotFiring() {
    assertThat(AlertLifecycle.next(null, resolved("eu", T1, T3)).change()).isEmpty();
    assertThat(AlertLifecycle.next(resolved("eu", T1, T3), resolved("eu", T1, T3)).change())
        .isEmpty();
  }

  @Test
  void shouldIgnoreAReplayedFiringOfAnEpisodeThatAlreadyEndedButNotifyTheNextEpisode() {
    AlertSignal ended = resolved("eu", T1, T3);

    assertThat(AlertLifecycle.next(ended, firing("eu", T1)).change()).isEmpty();
    assertThat(AlertLifecycle.next(ended, firing("eu", T5)).change()).contains(firing("eu", T5));
  }

  @Test
  void shouldIgnoreAResolutionOfAnEarlierEpisode() {
    assertThat(AlertLifecycle.next(firing("eu", T5), resolved("eu", T1, T3)).change()).isEmpty();
  }
}
