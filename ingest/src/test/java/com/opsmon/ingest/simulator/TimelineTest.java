package com.opsmon.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimelineTest {
  private record Step(long at, int scheduledAs) {}

  @Test
  void shouldRunActionsInTimeOrderAndTiesInTheOrderTheyWereScheduled() {
    Timeline timeline = new Timeline(0);
    Random random = new Random(42);
    List<Step> expected = new ArrayList<>();
    List<Step> ran = new ArrayList<>();
    // far more than the initial capacity, with many ties
    for (int i = 0; i < 5_000; i++) {
      Step step = new Step(random.nextInt(300), i);
      expected.add(step);
      timeline.at(step.at(), () -> ran.add(step));
    }

    while (timeline.hasDueBefore(Long.MAX_VALUE)) {
      timeline.runNext();
    }

    expected.sort(Comparator.comparingLong(Step::at).thenComparingInt(Step::scheduledAs));
    assertThat(ran).containsExactlyElementsOf(expected);
    assertThat(timeline.now()).isEqualTo(expected.get(expected.size() - 1).at());
  }

  @Test
  void shouldRunWhatAnActionSchedulesAtItsOwnTimeAfterWhatWasAlreadyDueThen() {
    Timeline timeline = new Timeline(0);
    List<String> ran = new ArrayList<>();
    timeline.at(
        10,
        () -> {
          ran.add("first");
          timeline.after(0, () -> ran.add("scheduled by first"));
          timeline.after(5, () -> ran.add("five later"));
        });
    timeline.at(10, () -> ran.add("second"));
    timeline.at(12, () -> ran.add("at 12"));

    while (timeline.hasDueBefore(20)) {
      timeline.runNext();
    }

    assertThat(ran).containsExactly("first", "second", "scheduled by first", "at 12", "five later");
    assertThat(timeline.hasDueBefore(Long.MAX_VALUE)).isFalse();
  }

  @Test
  void shouldLeaveWhatIsDueLaterThanTheLimit() {
    Timeline timeline = new Timeline(0);
    timeline.at(100, () -> {});

    assertThat(timeline.hasDueBefore(100)).isFalse();
    assertThat(timeline.hasDueBefore(101)).isTrue();
  }

  @Test
  void shouldRefuseToScheduleInThePast() {
    Timeline timeline = new Timeline(1_000);

    assertThatThrownBy(() -> timeline.at(999, () -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("before 1000");
  }
}
