package com.opsmon.api.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RecentAnswersTest {
  private static final String LAST_HOUR = "orders, eu, last hour";
  private static final String OTHER_REGION = "orders, us, last hour";

  /** Answers a question with how many questions it has been asked: a store that counts. */
  private static final class CountingStore implements Function<String, String> {
    final AtomicInteger reads = new AtomicInteger();
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile String slow; // the only question the gate holds; every question when null
    volatile boolean failing;

    @Override
    public String apply(String question) {
      int n = reads.incrementAndGet();
      try {
        if (slow == null || slow.equals(question)) {
          gate.await();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failing) {
        throw new IllegalStateException("store down");
      }
      return question + " #" + n;
    }
  }

  private final CountingStore store = new CountingStore();
  private final AtomicLong nanos = new AtomicLong();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final RecentAnswers<String, String> answers =
      new RecentAnswers<>(
          "test.answers", Duration.ofSeconds(1), 1_000, String::length, metrics, nanos::get);

  private String ask(String question) {
    return answers.get(question, store);
  }

  @Test
  void shouldAnswerTheSameQuestionFromMemoryWithinMaxAge() {
    assertThat(ask(LAST_HOUR)).endsWith("#1");
    nanos.addAndGet(Duration.ofMillis(900).toNanos());

    assertThat(ask(LAST_HOUR)).endsWith("#1");
    assertThat(store.reads).hasValue(1);
    assertThat(metrics.get("cache.gets").tag("result", "hit").functionCounter().count())
        .isEqualTo(1);
    assertThat(metrics.get("cache.gets").tag("result", "miss").functionCounter().count())
        .isEqualTo(1);
  }

  @Test
  void shouldAskAgainOnceTheAnswerIsOlderThanMaxAge() {
    ask(LAST_HOUR);
    nanos.addAndGet(Duration.ofMillis(1001).toNanos());

    assertThat(ask(LAST_HOUR)).endsWith("#2");
  }

  @Test
  void shouldNeverAnswerOneQuestionWithAnother() {
    ask(LAST_HOUR);

    assertThat(ask(OTHER_REGION)).isEqualTo(OTHER_REGION + " #2");
  }

  @Test
  void shouldNotRememberAFailure() {
    store.failing = true;
    assertThatThrownBy(() -> ask(LAST_HOUR)).hasMessage("store down");

    store.failing = false;

    assertThat(ask(LAST_HOUR)).endsWith("#2");
  }

  @Test
  void shouldForgetTheOldestAnswersBeyondTheMaximumWeight() {
    for (int i = 0; i < 200; i++) {
      ask("question number " + i); // about 25 characters each: 5,000 against a maximum of 1,000
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> metrics.get("cache.eviction.weight").functionCounter().count() >= 4_000 - 1_000);
  }

  @Test
  void shouldAnswerOtherQuestionsWhileOneWaitsForASlowStore() throws Exception {
    store.gate = new CountDownLatch(1);
    store.slow = LAST_HOUR;
    Thread waiting = new Thread(() -> ask(LAST_HOUR));
    waiting.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> store.reads.get() == 1);

    assertThat(ask(OTHER_REGION)).isEqualTo(OTHER_REGION + " #2");

    store.gate.countDown();
    waiting.join(10_000);
    assertThat(waiting.isAlive()).isFalse();
  }

  @Test
  void shouldWorkOutIdenticalQuestionsArrivingTogetherOnce() throws Exception {
    store.gate = new CountDownLatch(1);
    List<Thread> screens = new ArrayList<>();
    List<String> got = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 4; i++) {
      Thread screen = new Thread(() -> got.add(ask(LAST_HOUR)));
      screens.add(screen);
      screen.start();
    }
    // one screen is in the store; the other three wait for its answer rather than ask again
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                store.reads.get() == 1
                    && screens.stream()
                            .filter(
                                s ->
                                    s.getState() == Thread.State.BLOCKED
                                        || s.getState() == Thread.State.WAITING)
                            .count()
                        == 4);
    store.gate.countDown();
    for (Thread screen : screens) {
      screen.join(10_000);
    }

    assertThat(got)
        .containsExactly(
            LAST_HOUR + " #1", LAST_HOUR + " #1", LAST_HOUR + " #1", LAST_HOUR + " #1");
    assertThat(store.reads).hasValue(1);
  }
}
