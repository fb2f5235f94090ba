package com.opsmon.api.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.store.KpiQuery;
import com.opsmon.store.KpiReader;
import com.opsmon.store.StoreException;
import com.opsmon.store.query.AdHocQuery;
import com.opsmon.store.query.QueryResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentSeriesTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final KpiQuery LAST_HOUR =
      new KpiQuery("orders", T0.minus(Duration.ofHours(1)), T0, Map.of("region", "eu"));
  private static final KpiQuery OTHER_REGION =
      new KpiQuery("orders", T0.minus(Duration.ofHours(1)), T0, Map.of("region", "us"));

  /** A store whose answer is the number of times it has been asked, as one point. */
  private static final class CountingStore implements KpiReader {
    final AtomicInteger reads = new AtomicInteger();
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile KpiQuery slow; // the only query the gate holds; every query when null
    volatile boolean failing;

    @Override
    public List<KpiPoint> read(KpiQuery query) {
      int n = reads.incrementAndGet();
      try {
        if (slow == null || slow.equals(query)) {
          gate.await();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failing) {
        throw new StoreException("store down", null);
      }
      return new ArrayList<>(
          List.of(new KpiPoint(query.kpi(), query.from(), query.window(), query.tags(), n)));
    }

    @Override
    public QueryResult query(AdHocQuery query) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void ping() {}

    @Override
    public void close() {}
  }

  private final CountingStore store = new CountingStore();
  private final AtomicLong nanos = new AtomicLong();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final RecentSeries series =
      new RecentSeries(store, Duration.ofSeconds(1), metrics, nanos::get);

  private static double value(List<KpiPoint> points) {
    return points.get(0).value();
  }

  @Test
  void shouldAnswerTheSameQueryFromMemoryWithinMaxAge() {
    assertThat(value(series.read(LAST_HOUR))).isEqualTo(1);
    nanos.addAndGet(Duration.ofMillis(900).toNanos());

    assertThat(value(series.read(LAST_HOUR))).isEqualTo(1);
    assertThat(store.reads).hasValue(1);
    assertThat(metrics.get("cache.gets").tag("result", "hit").functionCounter().count())
        .isEqualTo(1);
  }

  @Test
  void shouldAskTheStoreAgainOnceTheAnswerIsOlderThanMaxAge() {
    series.read(LAST_HOUR);
    nanos.addAndGet(Duration.ofMillis(1001).toNanos());

    assertThat(value(series.read(LAST_HOUR))).isEqualTo(2);
  }

  @Test
  void shouldNeverAnswerOneQueryWithAnother() {
    series.read(LAST_HOUR);

    List<KpiPoint> other = series.read(OTHER_REGION);

    assertThat(other.get(0).tags()).containsEntry("region", "us");
    assertThat(store.reads).hasValue(2);
  }

  @Test
  void shouldNotRememberAFailure() {
    store.failing = true;
    assertThatThrownBy(() -> series.read(LAST_HOUR)).isInstanceOf(StoreException.class);

    store.failing = false;

    assertThat(value(series.read(LAST_HOUR))).isEqualTo(2);
  }

  @Test
  void shouldGiveAnAnswerNobodyCanChange() {
    assertThatThrownBy(() -> series.read(LAST_HOUR).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldAnswerOtherQueriesWhileOneWaitsForASlowStore() throws Exception {
    store.gate = new CountDownLatch(1);
    store.slow = LAST_HOUR;
    Thread waiting = new Thread(() -> series.read(LAST_HOUR));
    waiting.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> store.reads.get() == 1);

    assertThat(series.read(OTHER_REGION).get(0).tags()).containsEntry("region", "us");

    store.gate.countDown();
    waiting.join(10_000);
    assertThat(waiting.isAlive()).isFalse();
  }

  @Test
  void shouldAskTheStoreOnceForIdenticalQueriesArrivingTogether() throws Exception {
    store.gate = new CountDownLatch(1);
    List<Thread> screens = new ArrayList<>();
    List<Double> answers = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 4; i++) {
      Thread screen = new Thread(() -> answers.add(value(series.read(LAST_HOUR))));
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

    assertThat(answers).containsExactly(1.0, 1.0, 1.0, 1.0);
    assertThat(store.reads).hasValue(1);
  }
}
