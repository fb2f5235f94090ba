package com.opsmon.detection.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowNoveltyTest {
  @Test
  void shouldFindARecurringShapeFamiliarAndANewOneNew() {
    WindowNovelty novelty = new WindowNovelty(16, 64, 2);
    Random random = new Random(1);
    double familiar = 0;
    for (int i = 0; i < 5_000; i++) {
      double x = (i % 100 < 3 ? 10 : 0) + 0.1 * random.nextGaussian();
      double d = novelty.update(x);
      if (i >= 4_900 && i % 100 == 2) {
        familiar = d;
      }
    }
    // a triple spike where there had always been quiet
    double fresh = 0;
    for (int i = 5_000; i < 5_060; i++) {
      double x = (i % 100 < 3 || i % 20 == 10 ? 10 : 0) + 0.1 * random.nextGaussian();
      fresh = Math.max(fresh, novelty.update(x));
    }
    assertThat(familiar).isLessThan(0.5);
    assertThat(fresh).isGreaterThan(10 * familiar);
  }

  @Test
  void shouldKeepAtMostItsCapacityWhileRememberingWhatIsNew() {
    WindowNovelty novelty = new WindowNovelty(8, 32, 2);
    Random random = new Random(2);
    for (int i = 0; i < 10_000; i++) {
      novelty.update(random.nextGaussian());
    }
    assertThat(novelty.stored()).isEqualTo(32);
    // a level never seen: far from every remembered window, so it is remembered too
    double first = novelty.update(100);
    for (int i = 0; i < 40; i++) {
      novelty.update(100);
    }
    assertThat(first).isGreaterThan(10);
    assertThat(novelty.update(100)).isLessThan(1e-6);
  }

  @Test
  void shouldNeverCompareAWindowWithAnOverlappingOne() {
    // a straight ramp: every window is a shifted copy of the previous one, so only a window that
    // overlaps the current one could be close to it
    WindowNovelty novelty = new WindowNovelty(4, 16, 2);
    double last = Double.NaN;
    for (int i = 0; i < 20; i++) {
      last = novelty.update(i);
    }
    // the nearest earlier window that does not overlap lies at least 4 steps lower
    assertThat(last).isGreaterThanOrEqualTo(4.0);
  }
}
