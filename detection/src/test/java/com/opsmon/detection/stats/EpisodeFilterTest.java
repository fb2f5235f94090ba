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
  void shouldReportASlowRiseAtStepsOfTheEscalation() {
    EpisodeFilter filter = new EpisodeFilter(30);

    assertThat(filter.filter(0.3)).isEqualTo(0.3);
    assertThat(filter.filter(0.45)).isCloseTo(0.045, within(1e-12));
    assertThat(filter.filter(0.55)).isEqualTo(0.55);
    assertThat(filter.filter(0.7)).isCloseTo(0.07, within(1e-12));
    assertThat(filter.filter(0.8)).isEqualTo(0.8);
    assertThat(filter.filter(0.9)).isCloseTo(0.09, within(1e-12));
  }

  @Test
  void scoresBelowTheOnsetNeverOpenAnEpisode() {
    EpisodeFilter filter = new EpisodeFilter(3);

    for (int i = 0; i < 100; i++) {
      assertThat(filter.filter(EpisodeFilter.ONSET - 0.01)).isEqualTo(EpisodeFilter.ONSET - 0.01);
    }
    assertThat(filter.inEpisode()).isFalse();
  }
}
