package com.opsmon.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.rules.DefaultRules;
import com.opsmon.model.rules.Rule;
import com.opsmon.model.rules.RuleSet;
import com.opsmon.model.rules.RulesFile;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AlertProbeTest {
  @Test
  void shouldAddItsRuleToEveryDefaultRule() {
    RuleSet bench = RulesFile.parse(AlertProbe.rulesFile(), "bench-rules.yaml");
    RuleSet defaults = DefaultRules.load();

    assertThat(bench.rules().stream().map(Rule::name))
        .containsExactlyElementsOf(
            Stream.concat(defaults.rules().stream().map(Rule::name), Stream.of(AlertProbe.RULE))
                .toList());
  }

  @Test
  void shouldTimeEachRegionsFirstAlertFromItsMinutesEnd() {
    AlertProbe probe = new AlertProbe();
    Instant minute = Instant.parse("2026-12-06T12:41:00Z");
    String region = AlertProbe.region(minute, 0);
    probe.expect(region, minute.plusSeconds(60));

    probe.shown(region, Instant.parse("2026-12-06T12:42:07.500Z"));
    probe.shown(region, Instant.parse("2026-12-06T12:43:00Z")); // a later state, not a sample
    probe.shown("bench-alert-elsewhere", Instant.parse("2026-12-06T12:42:01Z"));
    probe.notified(region, Instant.parse("2026-12-06T12:42:08Z"));

    assertThat(probe.shown().count()).isEqualTo(1);
    assertThat(probe.shown().percentile(50)).isEqualTo(7_500);
    assertThat(probe.notified().percentile(50)).isEqualTo(8_000);
  }

  @Test
  void shouldBeSettledOnlyWhenEveryEndedMinutesAlertWasShownAndNotified() {
    AlertProbe probe = new AlertProbe();
    Instant ended = Instant.parse("2026-12-06T12:41:00Z");
    Instant open = ended.plusSeconds(60);
    probe.expect(AlertProbe.region(ended, 0), ended.plusSeconds(60));
    probe.expect(AlertProbe.region(open, 0), open.plusSeconds(60));
    Instant stoppedAt = Instant.parse("2026-12-06T12:42:30Z");

    assertThat(probe.anyMinuteEndedBy(ended.plusSeconds(59))).isFalse();
    assertThat(probe.anyMinuteEndedBy(stoppedAt)).isTrue();
    assertThat(probe.settledBy(stoppedAt)).isFalse();
    probe.shown(AlertProbe.region(ended, 0), stoppedAt);
    assertThat(probe.settledBy(stoppedAt)).as("shown, not yet notified").isFalse();
    probe.notified(AlertProbe.region(ended, 0), stoppedAt);

    assertThat(probe.settledBy(stoppedAt))
        .as("the minute still open when probing stopped is not waited for")
        .isTrue();
  }
}
