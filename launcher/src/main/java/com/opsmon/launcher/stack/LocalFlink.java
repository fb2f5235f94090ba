package com.opsmon.launcher.stack;

import com.opsmon.jobs.StreamJobs;
import com.opsmon.jobs.StreamJobsConfig;
import com.opsmon.model.health.ComponentHealth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream jobs on a Flink MiniCluster in this process. Checkpoints are kept under the data
 * directory and the job resumes from the newest one, so a restart neither loses nor recounts window
 * state. If that checkpoint cannot be restored (cut short by a crash, or from an incompatible
 * version), the job starts afresh from the committed Kafka offsets instead of restarting forever.
 */
final class LocalFlink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalFlink.class);

  /** How long a resumed job is watched for failing to restore. */
  private static final Duration RESUME_WATCH = Duration.ofSeconds(60);

  private final AtomicReference<JobClient> job = new AtomicReference<>();
  private volatile boolean closed;

  private LocalFlink() {}

  static LocalFlink start(StreamJobsConfig config, Path flinkDir) throws Exception {
    Path checkpoints = flinkDir.resolve("checkpoints");
    Files.createDirectories(checkpoints);
    Files.createDirectories(flinkDir.resolve("tmp"));
    Optional<Path> resumeFrom = latestCheckpoint(checkpoints);
    deleteOtherJobs(checkpoints, resumeFrom.map(p -> p.getParent()));

    LocalFlink flink = new LocalFlink();
    flink.job.set(submit(config, flinkDir, resumeFrom));
    if (resumeFrom.isPresent()) {
      Thread watcher =
          new Thread(() -> flink.startAfreshIfRestoreFails(config, flinkDir), "flink-resume-watch");
      watcher.setDaemon(true);
      watcher.start();
    }
    return flink;
  }

  private static JobClient submit(StreamJobsConfig config, Path flinkDir, Optional<Path> resumeFrom)
      throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, Math.max(1, config.parallelism()));
    conf.set(CoreOptions.TMP_DIRS, flinkDir.resolve("tmp").toAbsolutePath().toString());
    conf.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        flinkDir.resolve("checkpoints").toUri().toString());
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    resumeFrom.ifPresent(
        p -> {
          conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString());
          // an operator removed in a newer version must not stop the rest from resuming
          conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
          log.info("resuming the stream jobs from checkpoint {}", p);
        });
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), conf);
    StreamJobs.define(env, config);
    return env.executeAsync(StreamJobs.JOB_NAME);
  }

  private void startAfreshIfRestoreFails(StreamJobsConfig config, Path flinkDir) {
    long deadline = System.nanoTime() + RESUME_WATCH.toNanos();
    try {
      while (!closed && System.nanoTime() < deadline) {
        JobStatus status = job.get().getJobStatus().get(5, TimeUnit.SECONDS);
        if (status == JobStatus.RESTARTING || status == JobStatus.FAILED) {
          log.warn(
              "the stream jobs could not resume from their checkpoint; starting afresh from the committed Kafka offsets");
          job.get().cancel().get(30, TimeUnit.SECONDS);
          if (!closed) {
            job.set(submit(config, flinkDir, Optional.empty()));
          }
          return;
        }
        TimeUnit.MILLISECONDS.sleep(500);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("could not watch the resumed stream jobs: {}", e.toString());
    }
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

  ComponentHealth health() {
    JobClient current = job.get();
    try {
      JobStatus status = current.getJobStatus().get(2, TimeUnit.SECONDS);
      return switch (status) {
        case RUNNING -> ComponentHealth.up("job " + current.getJobID() + " running");
        case INITIALIZING, CREATED, RESTARTING, RECONCILING ->
            ComponentHealth.starting(status.name().toLowerCase());
        default -> ComponentHealth.down(status.name().toLowerCase());
      };
    } catch (Exception e) {
      return ComponentHealth.down("no answer from the job: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      job.get().cancel().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("stream jobs did not cancel cleanly: {}", e.getMessage());
    }
  }
}
