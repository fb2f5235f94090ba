package com.opsmon.jobs;

import com.opsmon.jobs.kpi.TagCaps;
import com.opsmon.model.config.Durations;
import com.opsmon.model.config.Flags;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the stream jobs need to run, read once at start-up.
 *
 * @param allowedLateness how long after its window closed a late event still corrects it
 * @param outOfOrderness how far out of order events may arrive before they count as late
 * @param idleTimeout after this long without events, event time advances with the wall clock
 * @param clockAfterRestore when the job resumes from saved state and no event has arrived for this
 *     long, event time follows the wall clock, so restored windows and rule timers fire even if
 *     nothing arrives. Empty for a job that starts afresh: it waits for its first event, so a
 *     backfill of old events is counted whenever it is sent.
 * @param checkpointInterval also the longest an alert signal waits for its transaction to commit
 * @param tagCaps distinct values each tag may take before folding into {@code other}
 */
public record StreamJobsConfig(
    String bootstrapServers,
    String consumerGroup,
    Duration allowedLateness,
    Duration outOfOrderness,
    Duration idleTimeout,
    Optional<Duration> clockAfterRestore,
    Duration checkpointInterval,
    int parallelism,
    TagCaps tagCaps) {

  public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofHours(1);
  public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofSeconds(5);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CLOCK_AFTER_RESTORE = Duration.ofMinutes(2);
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

  /** The same job, resumed from saved state: see {@link #clockAfterRestore}. */
  public StreamJobsConfig resumed() {
    return new StreamJobsConfig(
        bootstrapServers,
        consumerGroup,
        allowedLateness,
        outOfOrderness,
        idleTimeout,
        Optional.of(clockAfterRestore.orElse(DEFAULT_CLOCK_AFTER_RESTORE)),
        checkpointInterval,
        parallelism,
        tagCaps);
  }

  /** The jobs' own settings (not about Kafka). */
  public Pipelines.Settings pipelines() {
    return new Pipelines.Settings(allowedLateness, tagCaps);
  }

  /**
   * Reads the job's flags, e.g. {@code --kafka-bootstrap kafka:9092 --clock-after-restore 2m}. On a
   * cluster a job resumes on every failover, so {@code --clock-after-restore} is a choice: set it
   * where restored timers must fire during silence, leave it unset where old events are backfilled.
   */
  public static StreamJobsConfig fromFlags(Flags flags) {
    return new StreamJobsConfig(
        flags.require("kafka-bootstrap"),
        flags.get("consumer-group", "opsmon-stream-jobs"),
        flags.getDuration("allowed-lateness", DEFAULT_ALLOWED_LATENESS),
        flags.getDuration("out-of-orderness", DEFAULT_OUT_OF_ORDERNESS),
        flags.getDuration("idle-timeout", DEFAULT_IDLE_TIMEOUT),
        flags.get("clock-after-restore").map(Durations::parse),
        flags.getDuration("checkpoint-interval", DEFAULT_CHECKPOINT_INTERVAL),
        flags.getInt("parallelism", 1),
        flags.get("max-tag-values").map(TagCaps.DEFAULTS::with).orElse(TagCaps.DEFAULTS));
  }
}
