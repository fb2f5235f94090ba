package com.opsmon.alerting.lifecycle;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.json.JsonSerde;
import com.opsmon.model.topics.Topics;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Alert signals in, alert notifications out: one per state change of an alert (firing, resolved),
 * with the state kept by fingerprint in a changelogged store, so a restart neither forgets a firing
 * alert nor notifies it twice.
 */
public final class AlertLifecycleTopology {
  public static final String ALERTS_STORE = "alerts-by-fingerprint";

  private AlertLifecycleTopology() {}

  public static Topology buildTopology() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(ALERTS_STORE),
            Serdes.String(),
            JsonSerde.of(AlertSignal.class)));
    builder.stream(
            Topics.ALERT_SIGNALS.name(),
            Consumed.with(Topics.ALERT_SIGNALS.keySerde(), Topics.ALERT_SIGNALS.valueSerde()))
        // signals are keyed by fingerprint, so each alert's signals meet its state in one task
        .process(TrackAlerts::new, Named.as("track-alerts"), ALERTS_STORE)
        .to(
            Topics.ALERT_NOTIFICATIONS.name(),
            Produced.with(
                Topics.ALERT_NOTIFICATIONS.keySerde(), Topics.ALERT_NOTIFICATIONS.valueSerde()));
    return builder.build();
  }

  /** Exactly-once, so a crash between updating the state and notifying loses or repeats nothing. */
  public static Properties streamsConfig(
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
    return props;
  }
}
