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
 * @param checkpointInterval also the longest a KPI point waits in the store sink
 */
public record StreamJobsConfig(
    String bootstrapServers,
    String consumerGroup,
    StoreSettings store,
    OrderKpiJob.Settings orders,
    Duration outOfOrderness,
    Duration idleTimeout,
    Duration checkpointInterval,
    int parallelism) {

  public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofSeconds(5);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);

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
        flags.getDuration("checkpoint-interval", Duration.ofSeconds(5)),
        flags.getInt("parallelism", 1));
  }
}
