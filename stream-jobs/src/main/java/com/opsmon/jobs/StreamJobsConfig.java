package com.opsmon.jobs;

import com.opsmon.jobs.orders.OrderKpiJob;
import com.opsmon.model.config.Flags;
import com.opsmon.store.StoreSettings;
import java.time.Duration;

/**
 * Everything the stream jobs need to run, read once at start-up.
 *
 * @param outOfOrderness how far out of order events may arrive before they count as late
 * @param idleTimeout after this long without events, event time advances with the wall clock
 * @param startupGrace after this long without any event since the job started, event time follows
 *     the wall clock (so restored windows and rule timers fire even if nothing arrives)
 * @param checkpointInterval also the longest an alert signal waits for its transaction to commit
 */
public record StreamJobsConfig(
    String bootstrapServers,
    String consumerGroup,
    StoreSettings store,
    OrderKpiJob.Settings orders,
    Duration outOfOrderness,
    Duration idleTimeout,
    Duration startupGrace,
    Duration checkpointInterval,
    int parallelism) {

  public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofSeconds(5);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_STARTUP_GRACE = Duration.ofMinutes(2);
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

  /**
   * Reads the job's flags, e.g. {@code --kafka-bootstrap kafka:9092 --store influxdb --influx-url
   * ...}.
   */
  public static StreamJobsConfig fromFlags(Flags flags) {
    StoreSettings store = StoreSettings.fromFlags(flags, StoreSettings.Kind.INFLUXDB);
    return new StreamJobsConfig(
        flags.require("kafka-bootstrap"),
        flags.get("consumer-group", "opsmon-stream-jobs"),
        store,
        new OrderKpiJob.Settings(
            flags.getDuration("window", OrderKpiJob.Settings.DEFAULTS.window()),
            flags.getDuration("allowed-lateness", OrderKpiJob.Settings.DEFAULTS.allowedLateness())),
        flags.getDuration("out-of-orderness", DEFAULT_OUT_OF_ORDERNESS),
        flags.getDuration("idle-timeout", DEFAULT_IDLE_TIMEOUT),
        flags.getDuration("startup-grace", DEFAULT_STARTUP_GRACE),
        flags.getDuration("checkpoint-interval", DEFAULT_CHECKPOINT_INTERVAL),
        flags.getInt("parallelism", 1));
  }
}
