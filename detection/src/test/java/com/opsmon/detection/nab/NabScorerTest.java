package com.opsmon.detection.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed NAB cases. With σ(x) = 2 / (1 + e^{5x}) − 1 and σ(−1) = 0.98661429815, a detection
 * at row i of a window [f, l] earns σ(−(l − i + 1) / (l − f + 1)) / σ(−1); a detection j rows after
 * a window of width w costs A_FP × σ(j / (w − 1)).
 */
class NabScorerTest {
  private static final double EPS = 1e-9;
  private final NabScorer scorer = new NabScorer();

  /** 20 rows, so the probationary period is rows 0–2 (⌊0.15 × 20⌋ = 3). */
  private static double[] scores(int... detections) {
    double[] s = new double[20];
    for (int i : detections) {
      s[i] = 1.0;
    }
    return s;
  }

  @Test
  void scaledSigmoidIsNearOneAtTheLeftEdgeZeroAtTheRightEdgeAndMinusOneFarAfter() {
    assertThat(NabScorer.scaledSigmoid(-1.0)).isCloseTo(0.98661429815, within(1e-10));
    assertThat(NabScorer.scaledSigmoid(0.0)).isCloseTo(0.0, within(EPS));
    assertThat(NabScorer.scaledSigmoid(-0.5)).isCloseTo(0.84828363995, within(1e-10));
    assertThat(NabScorer.scaledSigmoid(3.5)).isEqualTo(-1.0);
  }

  @Test
  void probationaryPeriodIsFifteenPercentCappedAt750Rows() {
    assertThat(scorer.probationaryRows(20)).isEqualTo(3);
    assertThat(scorer.probationaryRows(4032)).isEqualTo(604);
    assertThat(scorer.probationaryRows(22695)).isEqualTo(750);
  }

  @Test
  void detectionInsideWindowEarnsTheSigmoidOfItsPosition() {
    ScoredSeries s = new ScoredSeries("a", scores(11), List.of(new RowWindow(10, 13)));

    ProfileScore result = scorer.evaluate(List.of(s), CostProfile.STANDARD);

    // position −(13 − 11 + 1) / 4 = −0.75: σ(−0.75) / σ(−1) = 0.96698908780
    assertThat(result.threshold()).isEqualTo(1.0);
    assertThat(result.raw()).isCloseTo(0.9669890878000605, within(EPS));
    assertThat(result.nullScore()).isEqualTo(-1.0);
    assertThat(result.perfectScore()).isCloseTo(1.0, within(EPS));
    assertThat(result.normalised()).isCloseTo(100 * 1.9669890878000605 / 2, within(1e-7));
    assertThat(result.files()).containsExactly(new FileScore("a", result.raw(), 1, 0, 0));
  }

  @Test
  void onlyTheFirstDetectionInAWindowCounts() {
    ScoredSeries s = new ScoredSeries("a", scores(11, 12, 13), List.of(new RowWindow(10, 13)));

    ProfileScore result = scorer.scoreAt(List.of(s), CostProfile.STANDARD, 0.5);

    assertThat(result.raw()).isCloseTo(0.9669890878000605, within(EPS));
    assertThat(result.files().get(0).detectedWindows()).isEqualTo(1);
    assertThat(result.files().get(0).falsePositives()).isZero();
  }

  @Test
  void falsePositiveJustAfterAWindowCostsLessThanOneFarAway() {
    // window rows 4–7 (width 4); row 9 is 2 rows after it: 0.11 × σ(2/3) = −0.10242205695;
    // row 19 is 12 rows after it, past 3 widths: −0.11; row 2 is probationary and ignored
    ScoredSeries s = new ScoredSeries("a", scores(2, 5, 9, 19), List.of(new RowWindow(4, 7)));

    ProfileScore result = scorer.scoreAt(List.of(s), CostProfile.STANDARD, 0.5);

    assertThat(result.raw())
        .isCloseTo(0.9669890878000605 - 0.10242205695343354 - 0.11, within(EPS));
    assertThat(result.files()).containsExactly(new FileScore("a", result.raw(), 1, 0, 2));
  }

  @Test
  void falsePositiveBeforeAnyWindowCostsTheFullWeight() {
    ScoredSeries s = new ScoredSeries("a", scores(5, 15), List.of(new RowWindow(15, 18)));

    ProfileScore result = scorer.scoreAt(List.of(s), CostProfile.REWARD_LOW_FP, 0.5);

    // detection at the window's first row earns exactly A_TP
    assertThat(result.raw()).isCloseTo(-0.22 + 1.0, within(EPS));
  }

  @Test
  void missedWindowCostsTheFalseNegativeWeightOfTheProfile() {
    ScoredSeries s = new ScoredSeries("a", scores(), List.of(new RowWindow(10, 13)));

    assertThat(scorer.scoreAt(List.of(s), CostProfile.STANDARD, 0.5).raw()).isEqualTo(-1.0);
    ProfileScore lowFn = scorer.scoreAt(List.of(s), CostProfile.REWARD_LOW_FN, 0.5);
    assertThat(lowFn.raw()).isEqualTo(-2.0);
    assertThat(lowFn.normalised()).isEqualTo(0.0);
  }

  @Test
  void windowInsideTheProbationaryPeriodIsNotScored() {
    ScoredSeries s = new ScoredSeries("a", scores(1), List.of(new RowWindow(0, 2)));

    ProfileScore result = scorer.scoreAt(List.of(s), CostProfile.STANDARD, 0.5);

    assertThat(result.raw()).isEqualTo(0.0);
    assertThat(result.nullScore()).isEqualTo(0.0);
    assertThat(result.files()).containsExactly(new FileScore("a", 0.0, 0, 0, 0));
  }

  @Test
  void sweepPicksTheOneThresholdThatIsBestOverAllSeries() {
    // a: its window's detection scores 0.8; b: a false positive scores 0.9, another 0.7.
    double[] a = new double[20];
    a[10] = 0.8;
    double[] b = new double[20];
    b[8] = 0.9;
    b[12] = 0.7;
    List<ScoredSeries> corpus =
        List.of(
            new ScoredSeries("a", a, List.of(new RowWindow(10, 13))),
            new ScoredSeries("b", b, List.of()));

    // thresholds: above 0.9 → −1; 0.9 → −1.11; 0.8 → 1 − 0.11; 0.7 → 1 − 0.22; 0 → far worse
    ProfileScore result = scorer.evaluate(corpus, CostProfile.STANDARD);

    assertThat(result.threshold()).isEqualTo(0.8);
    assertThat(result.raw()).isCloseTo(0.89, within(EPS));
  }

  @Test
  void neverFiringScoresTheNullScoreWhileFiringEverywhereMayScoreBetter() {
    ScoredSeries s = new ScoredSeries("a", new double[20], List.of(new RowWindow(10, 13)));

    ProfileScore never = scorer.scoreAt(List.of(s), CostProfile.STANDARD, 0.5);
    assertThat(never.raw()).isEqualTo(-1.0);
    assertThat(never.normalised()).isEqualTo(0.0);

    // threshold 0 fires on rows 3–19: the window's first row earns 1, rows 3–9 cost 0.11 each,
    // rows 14–19 cost 0.11 × σ(j / 3) for j = 1..6: 1 − 0.77 − 0.61566 = −0.38566
    ProfileScore best = scorer.evaluate(List.of(s), CostProfile.STANDARD);
    assertThat(best.threshold()).isEqualTo(0.0);
    assertThat(best.raw()).isCloseTo(-0.385655946990477, within(EPS));
    assertThat(best.files()).containsExactly(new FileScore("a", best.raw(), 1, 0, 13));
  }
}
