package com.opsmon.alerting.lifecycle;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.json.JsonSerde;
import com.opsmon.model.streams.StreamsApps;
import com.opsmon.model.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
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

  /** Signals refused because a field the lifecycle needs is missing. */
  public static final String REFUSED_SIGNALS = "opsmon.alerts.signals.refused";

  private AlertLifecycleTopology() {}

  public static Topology buildTopology(MeterRegistry metrics) {
    Counter refused =
        Counter.builder(REFUSED_SIGNALS)
            .description("Alert signals refused for a missing field")
            .register(metrics);
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
        .process(() -> new TrackAlerts(refused), Named.as("track-alerts"), ALERTS_STORE)
        .to(
            Topics.ALERT_NOTIFICATIONS.name(),
            Produced.with(
                Topics.ALERT_NOTIFICATIONS.keySerde(), Topics.ALERT_NOTIFICATIONS.valueSerde()));
    return builder.build();
  }

  public static Properties streamsConfig(
      String bootstrapServers, String applicationId, Path stateDir) {
    return StreamsApps.exactlyOnce(bootstrapServers, applicationId, stateDir);
  }
}
