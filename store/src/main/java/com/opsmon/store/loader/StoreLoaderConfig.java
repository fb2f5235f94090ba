package com.opsmon.store.loader;

import com.opsmon.model.config.Flags;
import com.opsmon.model.retry.Backoff;
import com.opsmon.store.StoreSettings;
import java.time.Duration;

/**
 * Where the store loader reads KPI points and where it writes them.
 *
 * @param batchSize points per write at most
 * @param flushInterval the longest a point read waits for its batch to fill
 * @param backoff between attempts while the store cannot be written
 */
public record StoreLoaderConfig(
    String bootstrapServers,
    String consumerGroup,
    StoreSettings store,
    int batchSize,
    Duration flushInterval,
    Backoff backoff) {

  public static final String DEFAULT_GROUP = "opsmon-store-loader";
  public static final int DEFAULT_BATCH_SIZE = 5_000;
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(200);

  /**
   * Capped at 5 s, not the 30 s that spares a remote receiver: the store is the monitor's own, an
   * attempt costs it one refused connection, and the dashboards catch up within seconds of its
   * return instead of staying stale for half a minute.
   */
  public static final Backoff STORE_BACKOFF =
      new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5));

  public static StoreLoaderConfig defaults(String bootstrapServers, StoreSettings store) {
    return new StoreLoaderConfig(
        bootstrapServers,
        DEFAULT_GROUP,
        store,
        DEFAULT_BATCH_SIZE,
        DEFAULT_FLUSH_INTERVAL,
        STORE_BACKOFF);
  }

  /** {@code --kafka-bootstrap HOST:PORT} and the store's flags ({@link StoreSettings}). */
  public static StoreLoaderConfig fromFlags(Flags flags, StoreSettings store) {
    return new StoreLoaderConfig(
        flags.require("kafka-bootstrap"),
        flags.get("store-loader-group", DEFAULT_GROUP),
        store,
        flags.getInt("store-batch-size", DEFAULT_BATCH_SIZE),
        flags.getDuration("store-flush-interval", DEFAULT_FLUSH_INTERVAL),
        STORE_BACKOFF);
  }
}
