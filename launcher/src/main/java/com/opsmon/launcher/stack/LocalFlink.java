package com.opsmon.launcher.stack;

import com.opsmon.model.health.ComponentHealth;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.changelog.fs.FsStateChangelogOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink job on a MiniCluster in this process, resumed from its newest checkpoint across restarts
 * so a restart neither loses nor recounts window and rule state.
 *
 * <p>A job that restarts (a broker away, a task that failed once) is left to Flink's restart
 * strategy: it resumes from its last checkpoint. Only saved state that really cannot be restored —
 * the same restore failure three times before any checkpoint completed, or a checkpoint that cannot
 * even be read — makes it start afresh from the committed Kafka offsets, and that is logged loudly
 * and the unusable state set aside, not deleted. {@code freshStart} does the same on request.
 */
final class LocalFlink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalFlink.class);

  /** Restore failures in a row, with no checkpoint between, that make saved state unusable. */
  static final int RESTORE_ATTEMPTS = 3;

  private static final Duration WATCH_EVERY = Duration.ofMillis(500);

  /** Network buffers per task slot; a MiniCluster takes 64 MB by default whatever its slots. */
  static final MemorySize NETWORK_MEMORY_PER_SLOT = MemorySize.ofMebiBytes(32);

  /** Adds a job's operators to an environment; {@code resumed} says whether state is restored. */
  @FunctionalInterface
  interface JobDefinition {
    void define(StreamExecutionEnvironment env, boolean resumed);
  }

  private final MiniCluster cluster;
  private final Configuration conf;
  private final JobDefinition definition;
  private final String jobName;
  private final int slots;
  private final Path flinkDir;
  private final Clock clock;
  private final ScheduledExecutorService watcher;
  private final RestCredentials restCredentials;

  private volatile JobID job;
  private volatile Optional<Path> resumedFrom = Optional.empty();
  private volatile String lastFailure;
  private long lastFailureAt = -1;
  private int restoreFailures;
  private volatile boolean closed;

  private LocalFlink(
      MiniCluster cluster,
      Configuration conf,
      JobDefinition definition,
      String jobName,
      int slots,
      Path flinkDir,
      Clock clock,
      RestCredentials restCredentials) {
    this.cluster = cluster;
    this.conf = conf;
    this.definition = definition;
    this.jobName = jobName;
    this.slots = slots;
    this.flinkDir = flinkDir;
    this.clock = clock;
    this.restCredentials = restCredentials;
    this.watcher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "flink-job-watch");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts a MiniCluster with a task slot for each of the job's {@code parallelism} and submits the
   * job, resumed from the newest checkpoint under {@code flinkDir} unless {@code freshStart}.
   */
  static LocalFlink start(
      JobDefinition definition, String jobName, int parallelism, Path flinkDir, boolean freshStart)
      throws Exception {
    return start(definition, jobName, parallelism, flinkDir, freshStart, Optional.empty());
  }

  /** As above; the jobs' own metrics are shown in {@code metrics}. */
  static LocalFlink start(
      JobDefinition definition,
      String jobName,
      int parallelism,
      Path flinkDir,
      boolean freshStart,
      Optional<MeterRegistry> metrics)
      throws Exception {
    return start(definition, jobName, freshStart, startCluster(parallelism, flinkDir, metrics));
  }

  /**
   * A MiniCluster started and waiting for its job: it needs nothing the job reads, so it can start
   * while the broker does.
   */
  record Cluster(
      MiniCluster miniCluster, Configuration conf, int slots, Path flinkDir, RestCredentials rest)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      miniCluster.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Starts the MiniCluster {@link #start} submits to, with a slot for each of {@code parallelism}.
   */
  static Cluster startCluster(int parallelism, Path flinkDir, Optional<MeterRegistry> metrics)
      throws Exception {
    int slots = Math.max(1, parallelism);
    Path checkpoints = flinkDir.resolve("checkpoints");
    Files.createDirectories(checkpoints);
    Files.createDirectories(flinkDir.resolve("tmp"));
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_PORT, "0");
    // the blob server (and any task manager port) would otherwise listen on every interface;
    // ListeningSocketsIT checks that nothing of the standalone does
    conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(TaskManagerOptions.HOST, "127.0.0.1");
    // Flink's REST endpoint cannot be turned off in a MiniCluster and has no authentication of its
    // own, so it takes mutual TLS with a key made on each start: a client needs that key to be
    // answered. Nothing of Opsmon uses the endpoint (jobs go through cluster.submitJob).
    RestCredentials rest = RestCredentials.generate(flinkDir.resolve("rest-tls"));
    conf.set(SecurityOptions.SSL_REST_ENABLED, true);
    conf.set(SecurityOptions.SSL_REST_AUTHENTICATION_ENABLED, true);
    conf.set(SecurityOptions.SSL_REST_KEYSTORE, rest.keystore().toAbsolutePath().toString());
    conf.set(SecurityOptions.SSL_REST_KEYSTORE_TYPE, RestCredentials.KEYSTORE_TYPE);
    conf.set(SecurityOptions.SSL_REST_KEYSTORE_PASSWORD, rest.password());
    conf.set(SecurityOptions.SSL_REST_KEY_PASSWORD, rest.password());
    conf.set(SecurityOptions.SSL_REST_TRUSTSTORE, rest.keystore().toAbsolutePath().toString());
    conf.set(SecurityOptions.SSL_REST_TRUSTSTORE_TYPE, RestCredentials.KEYSTORE_TYPE);
    conf.set(SecurityOptions.SSL_REST_TRUSTSTORE_PASSWORD, rest.password());
    // should the key ever leak: still no web page may read the endpoint across origins (its
    // default allows every origin), and no job may be cancelled through it
    conf.set(WebOptions.ACCESS_CONTROL_ALLOW_ORIGIN, "https://opsmon.invalid");
    conf.set(WebOptions.CANCEL_ENABLE, false);
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    // A MiniCluster takes 64 MB of direct memory for network buffers whatever its size; the job's
    // exchanges are all in this JVM and need far fewer at one slot. More slots, more exchanges.
    MemorySize network = NETWORK_MEMORY_PER_SLOT.multiply(slots);
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, network);
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, network);
    conf.set(CoreOptions.TMP_DIRS, flinkDir.resolve("tmp").toAbsolutePath().toString());
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    // Checkpoints every few seconds commit the alert signals. A full snapshot of every job's
    // state each time took half the CPU of a backfill (docs/PERFORMANCE.md); with the changelog,
    // a checkpoint writes only what changed since the last one.
    conf.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, true);
    conf.set(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE, "filesystem");
    conf.set(FsStateChangelogOptions.BASE_PATH, flinkDir.resolve("changelog").toUri().toString());
    metrics.ifPresent(registry -> FlinkMetricsBridge.install(conf, registry));
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
    return new Cluster(cluster, conf, slots, flinkDir, rest);
  }

  /**
   * Submits the job to a started cluster, resumed from the newest checkpoint under its directory
   * unless {@code freshStart}; on failure the cluster is closed too.
   */
  static LocalFlink start(
      JobDefinition definition, String jobName, boolean freshStart, Cluster started)
      throws Exception {
    LocalFlink flink =
        new LocalFlink(
            started.miniCluster(),
            started.conf(),
            definition,
            jobName,
            started.slots(),
            started.flinkDir(),
            Clock.systemUTC(),
            started.rest());
    Path checkpoints = started.flinkDir().resolve("checkpoints");
    try {
      if (freshStart) {
        flink.setAsideSavedState("starting afresh as asked (--fresh-start)");
      }
      Optional<Path> resumeFrom = latestCheckpoint(checkpoints);
      deleteOtherJobs(checkpoints, resumeFrom.map(Path::getParent));
      flink.submit(resumeFrom);
    } catch (Exception e) {
      flink.close();
      throw e;
    }
    flink.watcher.scheduleWithFixedDelay(
        flink::watch, WATCH_EVERY.toMillis(), WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return flink;
  }

  private synchronized void submit(Optional<Path> resumeFrom) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    // the default would be one per core, more than this cluster has slots for
    env.setParallelism(slots);
    definition.define(env, resumeFrom.isPresent());
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName(jobName);
    resumeFrom.ifPresent(
        p -> {
          // an operator removed in a newer version must not stop the rest from resuming; the
          // job owns its checkpoints (CLAIM): the changelog backend cannot take the full
          // snapshot that restoring without ownership demands of the first checkpoint
          graph.setSavepointRestoreSettings(
              SavepointRestoreSettings.forPath(
                  p.toUri().toString(), true, RecoveryClaimMode.CLAIM));
          log.info("resuming {} from checkpoint {}", jobName, p);
        });
    job = cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
    resumedFrom = resumeFrom;
    restoreFailures = 0;
    lastFailureAt = -1;
  }

  /** One look at the job: counts restore failures, and starts afresh or resubmits if it must. */
  private synchronized void watch() {
    if (closed) {
      return;
    }
    try {
      AccessExecutionGraph graph = cluster.getExecutionGraph(job).get(5, TimeUnit.SECONDS);
      JobStatus status = graph.getState();
      ErrorInfo failure = graph.getFailureInfo();
      boolean newFailure = failure != null && failure.getTimestamp() != lastFailureAt;
      if (newFailure) {
        lastFailureAt = failure.getTimestamp();
        lastFailure = firstLine(failure.getExceptionAsString());
      }
      long checkpointsDone =
          graph.getCheckpointStatsSnapshot() == null
              ? 0
              : graph.getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints();
      boolean restoring = resumedFrom.isPresent() && checkpointsDone == 0;
      if (newFailure
          && restoring
          && RestoreFailures.isRestoreFailure(failure.getExceptionAsString())) {
        restoreFailures++;
      }
      if (restoreFailures >= RESTORE_ATTEMPTS
          || (status == JobStatus.FAILED && restoring && restoreFailures > 0)) {
        startAfresh(failure);
      } else if (status.isGloballyTerminalState() && status != JobStatus.FINISHED) {
        log.error("{} stopped ({}): resubmitting from its newest checkpoint", jobName, lastFailure);
        submit(latestCheckpoint(flinkDir.resolve("checkpoints")));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (!closed) {
        log.warn("could not look at {}: {}", jobName, e.toString());
      }
    }
  }

  private void startAfresh(ErrorInfo failure) throws Exception {
    cluster.cancelJob(job).exceptionally(e -> null).get(30, TimeUnit.SECONDS);
    cluster.requestJobResult(job).exceptionally(e -> null).get(30, TimeUnit.SECONDS);
    setAsideSavedState(
        "the saved state in "
            + resumedFrom.map(Path::toString).orElse("?")
            + " cannot be restored ("
            + (failure == null ? "unknown" : firstLine(failure.getExceptionAsString()))
            + ")");
    submit(Optional.empty());
  }

  /** Moves every checkpoint to {@code unusable-state/}, keeping it for a person to look at. */
  private void setAsideSavedState(String why) throws IOException {
    Path checkpoints = flinkDir.resolve("checkpoints");
    Path aside = flinkDir.resolve("unusable-state").resolve(String.valueOf(clock.millis()));
    boolean any;
    try (Stream<Path> jobs = Files.list(checkpoints)) {
      any = jobs.findAny().isPresent();
    }
    if (!any) {
      return;
    }
    Files.createDirectories(aside.getParent());
    Files.move(checkpoints, aside);
    Files.createDirectories(checkpoints);
    log.error(
        "STARTING {} AFRESH: {}. Open windows and rule state are lost; events are read again from"
            + " the committed Kafka offsets. The old state is kept in {}",
        jobName.toUpperCase(),
        why,
        aside);
  }

  /** The newest completed checkpoint (a {@code chk-N} directory holding {@code _metadata}). */
  static Optional<Path> latestCheckpoint(Path checkpoints) {
    if (!Files.isDirectory(checkpoints)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.walk(checkpoints, 3)) {
      return files
          .filter(p -> p.getFileName().toString().equals("_metadata"))
          .map(Path::getParent)
          .filter(p -> p.getFileName().toString().startsWith("chk-"))
          .max(Comparator.comparing(LocalFlink::lastModified));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look for checkpoints in " + checkpoints, e);
    }
  }

  /**
   * Each run checkpoints into a directory of its own; only the one resumed from is still needed.
   */
  private static void deleteOtherJobs(Path checkpoints, Optional<Path> keep) throws IOException {
    try (Stream<Path> jobs = Files.list(checkpoints)) {
      for (Path jobDir : jobs.filter(Files::isDirectory).toList()) {
        if (keep.isEmpty() || !jobDir.equals(keep.get())) {
          deleteTree(jobDir);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static long lastModified(Path p) {
    try {
      return Files.getLastModifiedTime(p.resolve("_metadata")).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "unknown";
    }
    int end = text.indexOf('\n');
    return (end < 0 ? text : text.substring(0, end)).strip();
  }

  JobID jobId() {
    return job;
  }

  /**
   * Besides the periodic checkpoints, takes one at each of {@code offsets} into every minute of the
   * clock ({@link MinuteCloseCheckpoints}).
   */
  void checkpointEachMinuteAt(List<Duration> offsets) {
    if (closed) {
      return;
    }
    Instant now = clock.instant();
    long delay = Duration.between(now, MinuteCloseCheckpoints.next(now, offsets)).toMillis();
    try {
      watcher.schedule(
          () -> {
            triggerCheckpoint();
            checkpointEachMinuteAt(offsets);
          },
          delay,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // the watcher stops with the job
    }
  }

  private void triggerCheckpoint() {
    JobID current = job;
    if (closed || current == null) {
      return;
    }
    // a job restarting or between checkpoints it cannot take is covered by the periodic ones
    cluster
        .triggerCheckpoint(current)
        .whenComplete(
            (path, failure) -> {
              if (failure != null) {
                log.debug("minute-close checkpoint not taken: {}", failure.getMessage());
              }
            });
  }

  /** Where Flink's REST endpoint listens ({@code https}). */
  URI restAddress() throws Exception {
    return cluster.getRestAddress().get(30, TimeUnit.SECONDS);
  }

  /** The key and trust material a client needs to be answered by the REST endpoint. */
  RestCredentials restCredentials() {
    return restCredentials;
  }

  /**
   * The newest completed checkpoint of the job, if one has completed: its id and the full size of
   * the state it holds (with the changelog, the state last materialised plus the changes logged
   * since).
   */
  Optional<CheckpointedState> latestCheckpoint() throws Exception {
    CheckpointStatsSnapshot stats =
        cluster.getExecutionGraph(job).get(10, TimeUnit.SECONDS).getCheckpointStatsSnapshot();
    CompletedCheckpointStats latest =
        stats == null ? null : stats.getHistory().getLatestCompletedCheckpoint();
    return latest == null
        ? Optional.empty()
        : Optional.of(new CheckpointedState(latest.getCheckpointId(), latest.getStateSize()));
  }

  ComponentHealth health() {
    try {
      JobStatus status = cluster.getJobStatus(job).get(2, TimeUnit.SECONDS);
      return switch (status) {
        case RUNNING -> ComponentHealth.up("job " + job + " running");
        case INITIALIZING, CREATED, RECONCILING ->
            ComponentHealth.starting(status.name().toLowerCase());
        case RESTARTING -> ComponentHealth.starting("restarting after: " + lastFailure);
        default -> ComponentHealth.down(status.name().toLowerCase() + ": " + lastFailure);
      };
    } catch (Exception e) {
      return ComponentHealth.down("no answer from the job: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    closed = true;
    watcher.shutdownNow();
    try {
      if (job != null) {
        cluster.cancelJob(job).get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      log.warn("{} did not cancel cleanly: {}", jobName, e.getMessage());
    }
    try {
      cluster.closeAsync().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("the Flink MiniCluster did not stop cleanly: {}", e.getMessage());
    }
  }
}
