package com.opsmon.model.streams;

import com.opsmon.model.health.ComponentHealth;
import com.opsmon.model.topics.TopicSettings;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * What every Kafka Streams app of the monitor shares: exactly-once processing (a crash neither
 * loses nor repeats an output), state on local disk, a record whose key does not decode logged and
 * skipped rather than stopping the app, its internal topics (changelogs, repartitions) replicated
 * like the monitor's own, a dead instance's partitions moved on within {@link GroupMembership}'s
 * session, its RocksDB stores' native memory bounded ({@link BoundedRocksDbMemory}), and how its
 * state reads as health.
 */
public final class StreamsApps {
  private StreamsApps() {}

  /**
   * @param topics the replication and {@code min.insync.replicas} of the app's internal topics: its
   *     state lives in their changelogs, so losing a broker must not lose it either
   */
  public static Properties exactlyOnce(
      String bootstrapServers, String applicationId, Path stateDir, TopicSettings topics) {
    Properties props = exactlyOnce(bootstrapServers, applicationId, stateDir);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topics.replication());
    props.put(
        StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), topics.minInsync());
    return props;
  }

  /** For a topology test that never reaches a broker: internal topics as the broker defaults. */
  public static Properties exactlyOnce(
      String bootstrapServers, String applicationId, Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
    props.put(
        StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueExceptionHandler.class.getName());
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
    GroupMembership.consumerSettings()
        .forEach((key, value) -> props.put(StreamsConfig.mainConsumerPrefix(key), value));
    return props;
  }

  public static ComponentHealth health(KafkaStreams app) {
    KafkaStreams.State state = app.state();
    return switch (state) {
      case RUNNING -> ComponentHealth.up("running");
      case CREATED, REBALANCING -> ComponentHealth.starting(state.name().toLowerCase());
      default -> ComponentHealth.down(state.name().toLowerCase());
    };
  }
}
