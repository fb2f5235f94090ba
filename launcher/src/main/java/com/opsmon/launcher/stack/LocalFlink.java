package com.opsmon.launcher.stack;

import com.opsmon.jobs.StreamJobs;
import com.opsmon.jobs.StreamJobsConfig;
import com.opsmon.model.health.ComponentHealth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * state.
 */
final class LocalFlink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalFlink.class);

  private final JobClient job;

  private LocalFlink(JobClient job) {
    this.job = job;
  }

  static LocalFlink start(StreamJobsConfig config, Path flinkDir) throws Exception {
    Path checkpoints = flinkDir.resolve("checkpoints");
    Path tmp = flinkDir.resolve("tmp");
    Files.createDirectories(checkpoints);
    Files.createDirectories(tmp);
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, Math.max(1, config.parallelism()));
    conf.set(CoreOptions.TMP_DIRS, tmp.toAbsolutePath().toString());
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    Optional<Path> resumeFrom = latestCheckpoint(checkpoints);
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
    JobClient job = env.executeAsync(StreamJobs.JOB_NAME);
    return new LocalFlink(job);
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

  private static long lastModified(Path p) {
    try {
      return Files.getLastModifiedTime(p.resolve("_metadata")).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  ComponentHealth health() {
    try {
      JobStatus status = job.getJobStatus().get(2, TimeUnit.SECONDS);
      return switch (status) {
        case RUNNING -> ComponentHealth.up("job " + job.getJobID() + " running");
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
    try {
      job.cancel().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("stream jobs did not cancel cleanly: {}", e.getMessage());
    }
  }
}
