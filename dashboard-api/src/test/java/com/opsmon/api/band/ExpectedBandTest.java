package com.opsmon.api.band;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.opsmon.api.band.ExpectedBand.Band;
import com.opsmon.detection.DetectorSettings;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class ExpectedBandTest {
  /** A Monday midnight: only the detector's time-of-day and time-of-week profiles care. */
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Map<String, String> EU = Map.of("region", "eu", "channel", "all");
  private static final Map<String, String> US = Map.of("region", "us", "channel", "all");

  private final ExpectedBand band = new ExpectedBand(DetectorSettings.defaults(), 10_000);

  /** A level with a bounded, irregular wobble of up to ±2. */
  private static double steady(int minute, double level) {
    return level + 2 * Math.sin(minute * 1.3);
  }

  /** Points of one series at minutes {@code [first, first + count)}. */
  private static List<KpiPoint> series(
      Map<String, String> tags, int first, int count, IntToDoubleFunction value) {
    List<KpiPoint> points = new ArrayList<>();
    for (int m = first; m < first + count; m++) {
      points.add(
          new KpiPoint(
              "orders", T0.plus(MINUTE.multipliedBy(m)), MINUTE, tags, value.applyAsDouble(m)));
    }
    return points;
  }

  @Test
  void shouldFollowASteadySeriesWithANarrowBandAroundItsLevel() {
    List<KpiPoint> warmUp = series(EU, 0, 300, m -> steady(m, 100));
    List<KpiPoint> points = series(EU, 300, 60, m -> steady(m, 100));

    List<Band> bands = band.of(warmUp, points);

    assertThat(bands).hasSize(60);
    for (int i = 0; i < bands.size(); i++) {
      Band b = bands.get(i);
      assertThat(b.expected()).as("expected at %d", i).isCloseTo(100, within(2.0));
      assertThat(b.lower()).as("lower at %d", i).isLessThan(points.get(i).value());
      assertThat(b.upper()).as("upper at %d", i).isGreaterThan(points.get(i).value());
      assertThat(b.upper() - b.lower()).as("width at %d", i).isBetween(4.0, 20.0);
    }
  }

  @Test
  void shouldFollowASeriesToANewLevel() {
    List<KpiPoint> warmUp = series(EU, 0, 300, m -> steady(m, 100));
    List<KpiPoint> points = series(EU, 300, 40, m -> steady(m, m < 310 ? 100 : 200));

    List<Band> bands = band.of(warmUp, points);

    Band first = bands.get(10);
    assertThat(first.upper()).as("the step is outside the band at first").isLessThan(150);
    Band settled = bands.get(39);
    assertThat(settled.expected()).isCloseTo(200, within(5.0));
    assertThat(points.get(39).value()).isBetween(settled.lower(), settled.upper());
  }

  @Test
  void shouldLeaveTheBandOfAPointWithoutAValueUnknownAndNotLearnFromIt() {
    List<KpiPoint> warmUp = series(EU, 0, 100, m -> steady(m, 100));
    List<KpiPoint> points = series(EU, 100, 10, m -> m == 104 ? Double.NaN : steady(m, 100));
    List<KpiPoint> withoutIt = new ArrayList<>(points);
    withoutIt.remove(4);

    List<Band> bands = band.of(warmUp, points);
    List<Band> bandsWithoutIt = band.of(warmUp, withoutIt);

    assertThat(bands.get(4)).isEqualTo(Band.UNKNOWN);
    assertThat(Double.isNaN(bands.get(4).expected())).isTrue();
    List<Band> others = new ArrayList<>(bands);
    others.remove(4);
    assertThat(others).containsExactlyElementsOf(bandsWithoutIt).doesNotContain(Band.UNKNOWN);
  }

  @Test
  void shouldGiveNoBandUntilTheDetectorHasLearnedEnoughPointsWarmUpIncluded() {
    int warm = 10;
    List<KpiPoint> warmUp = series(EU, 0, warm, m -> steady(m, 100));
    List<KpiPoint> points = series(EU, warm, 40, m -> steady(m, 100));

    List<Band> cold = band.of(List.of(), points);
    List<Band> warmed = band.of(warmUp, points);

    assertThat(cold.subList(0, ExpectedBand.MIN_LEARNED)).containsOnly(Band.UNKNOWN);
    assertThat(cold.get(ExpectedBand.MIN_LEARNED)).isNotEqualTo(Band.UNKNOWN);
    assertThat(warmed.subList(0, ExpectedBand.MIN_LEARNED - warm)).containsOnly(Band.UNKNOWN);
    assertThat(warmed.subList(ExpectedBand.MIN_LEARNED - warm, 40)).doesNotContain(Band.UNKNOWN);
  }

  @Test
  void shouldWarmUpOnTheNewestWarmUpPointsOnlyUpToItsBound() {
    ExpectedBand bounded = new ExpectedBand(DetectorSettings.defaults(), 50);
    // 150 minutes at another level, then the 50 the bound keeps
    List<KpiPoint> warmUp = series(EU, 0, 200, m -> steady(m, m < 150 ? 1000 : 10));
    List<KpiPoint> points = series(EU, 200, 20, m -> steady(m, 10));

    List<Band> bands = bounded.of(warmUp, points);

    assertThat(bands).containsExactlyElementsOf(bounded.of(warmUp.subList(150, 200), points));
    assertThat(bands).isNotEqualTo(band.of(warmUp, points));
    assertThat(bands.get(0).expected()).isCloseTo(10, within(2.0));
    assertThat(new ExpectedBand(DetectorSettings.defaults(), 0).of(warmUp, points))
        .isEqualTo(band.of(List.of(), points));
  }

  @Test
  void shouldGiveEachSeriesItsOwnBandWhenTheirPointsAreInterleaved() {
    List<KpiPoint> euWarmUp = series(EU, 0, 100, m -> steady(m, 100));
    List<KpiPoint> usWarmUp = series(US, 0, 100, m -> steady(m, 5));
    List<KpiPoint> euPoints = series(EU, 100, 10, m -> steady(m, 100));
    List<KpiPoint> usPoints = series(US, 100, 10, m -> steady(m, 5));
    List<KpiPoint> warmUp = new ArrayList<>();
    List<KpiPoint> points = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      warmUp.add(euWarmUp.get(i));
      warmUp.add(usWarmUp.get(i));
    }
    for (int i = 0; i < 10; i++) {
      points.add(euPoints.get(i));
      points.add(usPoints.get(i));
    }

    List<Band> bands = band.of(warmUp, points);

    List<Band> eu = new ArrayList<>();
    List<Band> us = new ArrayList<>();
    for (int i = 0; i < bands.size(); i++) {
      (i % 2 == 0 ? eu : us).add(bands.get(i));
    }
    assertThat(eu).containsExactlyElementsOf(band.of(euWarmUp, euPoints));
    assertThat(us).containsExactlyElementsOf(band.of(usWarmUp, usPoints));
    assertThat(us.get(0).expected()).isCloseTo(5, within(2.0));
  }
}
