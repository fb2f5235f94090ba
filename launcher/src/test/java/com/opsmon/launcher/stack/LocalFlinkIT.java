package com.opsmon.launcher.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.opsmon.model.health.ComponentHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.legacy.DiscardingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local Flink supervisor with small jobs of the test's own: a restart resumes from the last
 * checkpoint, and only saved state that cannot be restored makes it start afresh.
 */
class LocalFlinkIT {
  /** The highest count any running job reached; the jobs run in this JVM. */
  static final AtomicLong HIGHEST_COUNT = new AtomicLong();

  /** Whether a job counted from one, as only a job without restored state does. */
  static final AtomicBoolean COUNTED_FROM_ONE = new AtomicBoolean();

  /** Set to make the next job fail once, with an ordinary error. */
  static final AtomicBoolean FAIL_ONCE = new AtomicBoolean();

  @TempDir Path dir;
  private LocalFlink flink;

  @BeforeEach
  void reset() {
    HIGHEST_COUNT.set(0);
    COUNTED_FROM_ONE.set(false);
    FAIL_ONCE.set(false);
  }

  @AfterEach
  void stop() {
    if (flink != null) {
      flink.close();
    }
  }

  private static void counting(StreamExecutionEnvironment env, RichMapFunction<Long, Long> count) {
    env.enableCheckpointing(300);
    env.fromSource(
            new DataGeneratorSource<>(
                i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(100), Types.LONG),
            WatermarkStrategy.noWatermarks(),
            "numbers")
        .uid("numbers")
        .keyBy((KeySelector<Long, Long>) i -> 0L)
        .map(count)
        .uid("counter")
        .map(new FailOnce())
        .uid("fail-once")
        .addSink(new DiscardingSink<>())
        .uid("discard");
  }

  private LocalFlink start(LocalFlink.JobDefinition job, boolean freshStart) throws Exception {
    return LocalFlink.start(job, "test-job", 1, dir.resolve("flink"), freshStart);
  }

  /** Runs the counting job until it has checkpointed a count, then stops it. */
  private long runUntilCheckpointed() throws Exception {
    flink = start((env, resumed) -> counting(env, new CountInLongState()), false);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> LocalFlink.latestCheckpoint(dir.resolve("flink/checkpoints")).isPresent());
    long reached = HIGHEST_COUNT.get();
    await().atMost(Duration.ofSeconds(30)).until(() -> HIGHEST_COUNT.get() > reached + 50);
    flink.close();
    long highest = HIGHEST_COUNT.get();
    reset();
    return highest;
  }

  private Path unusableState() {
    return dir.resolve("flink/unusable-state");
  }

  @Test
  void shouldTakeACheckpointAtTheAskedMomentOfTheMinute() throws Exception {
    flink =
        start(
            (env, resumed) -> {
              counting(env, new CountInLongState());
              // no periodic checkpoint within the test's time
              env.enableCheckpointing(Duration.ofDays(1).toMillis());
            },
            false);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> flink.health().status() == ComponentHealth.Status.UP);
    long inTwoSeconds = System.currentTimeMillis() + 2_000;

    flink.checkpointEachMinuteAt(List.of(Duration.ofMillis(Math.floorMod(inTwoSeconds, 60_000))));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> LocalFlink.latestCheckpoint(dir.resolve("flink/checkpoints")).isPresent());
  }

  @Test
  void shouldResumeFromItsCheckpointAndRideOutAnOrdinaryFailureWithoutStartingAfresh()
      throws Exception {
    long before = runUntilCheckpointed();

    FAIL_ONCE.set(true);
    flink = start((env, resumed) -> counting(env, new CountInLongState()), false);
    var job = flink.jobId();

    await().atMost(Duration.ofSeconds(60)).until(() -> !FAIL_ONCE.get());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> flink.health().status() == ComponentHealth.Status.UP);
    await().atMost(Duration.ofSeconds(30)).until(() -> HIGHEST_COUNT.get() > before);
    // the count went on from a checkpoint, before and after the failure, in the same job
    assertThat(COUNTED_FROM_ONE).isFalse();
    assertThat(flink.jobId()).isEqualTo(job);
    assertThat(unusableState()).doesNotExist();
  }

  @Test
  void shouldSetAsideStateThatCannotBeRestoredAndStartAfresh() throws Exception {
    runUntilCheckpointed();

    // the same operator now keeps its count in a state of another type: it cannot be restored
    flink = start((env, resumed) -> counting(env, new CountInTextState()), false);
    var resumedJob = flink.jobId();

    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () -> {
              assertThat(flink.jobId()).isNotEqualTo(resumedJob);
              assertThat(flink.health().status()).isEqualTo(ComponentHealth.Status.UP);
            });
    assertThat(listing(unusableState())).hasSize(1);
    await().atMost(Duration.ofSeconds(30)).until(COUNTED_FROM_ONE::get);
  }

  @Test
  void shouldStartAfreshFromACheckpointThatCannotBeRead() throws Exception {
    runUntilCheckpointed();
    Path checkpoint = LocalFlink.latestCheckpoint(dir.resolve("flink/checkpoints")).orElseThrow();
    Files.writeString(checkpoint.resolve("_metadata"), "not a checkpoint");

    flink = start((env, resumed) -> counting(env, new CountInLongState()), false);

    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> flink.health().status() == ComponentHealth.Status.UP);
    assertThat(listing(unusableState())).hasSize(1);
  }

  @Test
  void shouldStartAfreshWhenAskedAndKeepTheOldStateAside() throws Exception {
    runUntilCheckpointed();

    AtomicBoolean resumedAnyway = new AtomicBoolean();
    flink =
        start(
            (env, resumed) -> {
              resumedAnyway.set(resumed);
              counting(env, new CountInLongState());
            },
            true);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> flink.health().status() == ComponentHealth.Status.UP);
    assertThat(resumedAnyway).isFalse();
    await().atMost(Duration.ofSeconds(30)).until(COUNTED_FROM_ONE::get);
    assertThat(listing(unusableState())).hasSize(1);
  }

  private static List<Path> listing(Path d) throws IOException {
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (var files = Files.list(d)) {
      return files.toList();
    }
  }

  static void seen(long count) {
    HIGHEST_COUNT.accumulateAndGet(count, Math::max);
    if (count == 1) {
      COUNTED_FROM_ONE.set(true);
    }
  }

  /** Counts the records it saw, in keyed state. */
  static final class CountInLongState extends RichMapFunction<Long, Long> {
    private transient ValueState<Long> count;

    @Override
    public void open(OpenContext openContext) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public Long map(Long value) throws Exception {
      long next = (count.value() == null ? 0 : count.value()) + 1;
      count.update(next);
      seen(next);
      return next;
    }
  }

  /** The same state name with an incompatible type. */
  static final class CountInTextState extends RichMapFunction<Long, Long> {
    private transient ValueState<String> count;

    @Override
    public void open(OpenContext openContext) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.STRING));
    }

    @Override
    public Long map(Long value) throws Exception {
      long next = (count.value() == null ? 0 : Long.parseLong(count.value())) + 1;
      count.update(String.valueOf(next));
      seen(next);
      return next;
    }
  }

  /** Throws once, when asked, as any task might (a dependency away): not a restore failure. */
  static final class FailOnce extends RichMapFunction<Long, Long> {
    @Override
    public Long map(Long value) {
      if (FAIL_ONCE.compareAndSet(true, false)) {
        throw new IllegalStateException("a passing failure");
      }
      return value;
    }
  }
}
