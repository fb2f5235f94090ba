package com.opsmon.detection.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EpisodeFilterTest {
  @Test
  void shouldPassTheOnsetThenDampUntilQuietThenPassAgain() {
    EpisodeFilter filter = new EpisodeFilter(3);

    assertThat(filter.filter(0.1)).isEqualTo(0.1);
    assertThat(filter.filter(0.5)).isEqualTo(0.5);
    assertThat(filter.inEpisode()).isTrue();
    assertThat(filter.filter(0.6)).isCloseTo(0.06, within(1e-12));
    assertThat(filter.filter(0.05)).isCloseTo(0.005, within(1e-12));
    assertThat(filter.filter(0.05)).isCloseTo(0.005, within(1e-12));
    assertThat(filter.filter(0.05)).isCloseTo(0.005, within(1e-12));
    assertThat(filter.inEpisode()).isFalse();
    assertThat(filter.filter(0.5)).isEqualTo(0.5);
  }

  @Test
  void shouldReportASlowRiseEachTimeItsEvidenceDoubles() {
    EpisodeFilter filter = new EpisodeFilter(30);

    assertThat(filter.filter(0.25)).isEqualTo(0.25);
    assertThat(filter.filter(0.45)).isCloseTo(0.045, within(1e-12));
    // twice the peak's evidence: p the square of the peak's
    assertThat(filter.filter(0.5)).isEqualTo(0.5);
    assertThat(filter.filter(0.7)).isCloseTo(0.07, within(1e-12));
    assertThat(filter.filter(0.9)).isCloseTo(0.09, within(1e-12));
    assertThat(filter.filter(1.0)).isEqualTo(1.0);
    assertThat(filter.filter(1.0)).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void scoresBelowTheOnsetNeverOpenAnEpisode() {
    EpisodeFilter filter = new EpisodeFilter(3);

    for (int i = 0; i < 100; i++) {
      assertThat(filter.filter(EpisodeFilter.ONSET - 0.01)).isEqualTo(EpisodeFilter.ONSET - 0.01);
    }
    assertThat(filter.inEpisode()).isFalse();
  }

  @Test
  void shouldAskANewEpisodeToMatchTheLastPeakUntilTheBarRelaxes() {
    EpisodeFilter filter = new EpisodeFilter(3, 100);

    assertThat(filter.filter(0.6)).isEqualTo(0.6);
    for (int i = 0; i < 3; i++) {
      filter.filter(0.0);
    }
    assertThat(filter.inEpisode()).isFalse();
    // soon after: a weaker incident is more of the same
    assertThat(filter.filter(0.4)).isCloseTo(0.04, within(1e-12));
    assertThat(filter.inEpisode()).isFalse();
    // as strong as the last one: reported
    assertThat(filter.filter(0.61)).isEqualTo(0.61);
    for (int i = 0; i < 3; i++) {
      filter.filter(0.0);
    }
    // the bar relaxes towards the onset: after five refractory periods 0.25 passes again
    for (int i = 0; i < 500; i++) {
      filter.filter(0.0);
    }
    assertThat(filter.filter(0.25)).isEqualTo(0.25);
  }
}
