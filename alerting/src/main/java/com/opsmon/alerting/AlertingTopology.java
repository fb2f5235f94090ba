package com.opsmon.alerting;

import com.opsmon.alerting.config.AlertingConfig;
import com.opsmon.alerting.delivery.DeliverNotifications;
import com.opsmon.alerting.delivery.DeliveryQueues;
import com.opsmon.alerting.delivery.PendingDelivery;
import com.opsmon.alerting.grouping.GroupAlerts;
import com.opsmon.alerting.grouping.GroupInput;
import com.opsmon.alerting.grouping.GroupMember;
import com.opsmon.alerting.grouping.GroupState;
import com.opsmon.alerting.lifecycle.AlertInput;
import com.opsmon.alerting.lifecycle.AlertRecord;
import com.opsmon.alerting.lifecycle.AlertingStores;
import com.opsmon.alerting.lifecycle.RuleCount;
import com.opsmon.alerting.lifecycle.TrackAlerts;
import com.opsmon.alerting.routing.Router;
import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.json.JsonSerde;
import com.opsmon.model.streams.StreamsApps;
import com.opsmon.model.topics.Topic;
import com.opsmon.model.topics.TopicSettings;
import com.opsmon.model.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The alert manager as one Kafka Streams app (exactly-once):
 *
 * <ol>
 *   <li>signals and acknowledgements, re-keyed by rule → {@link TrackAlerts} (lifecycle, caps) →
 *       every change to the alert-state topic, keyed by fingerprint;
 *   <li>each change routed through the routing tree ({@link Router}), re-keyed by group → {@link
 *       GroupAlerts} (grouping, timing, silences, inhibition, maintenance windows), reading the
 *       silences and the alert states from global stores;
 *   <li>→ {@link DeliverNotifications} (a queue per receiver, retries) → the notification log.
 * </ol>
 */
public final class AlertingTopology {
  /** Signals and acknowledgements refused for a missing field. */
  public static final String REFUSED_INPUTS = "opsmon.alerts.inputs.refused";

  private AlertingTopology() {}

  public static Topology buildTopology(
      AlertingConfig config, DeliveryQueues queues, MeterRegistry metrics) {
    Counter refused =
        Counter.builder(REFUSED_INPUTS)
            .description("Alert signals and acknowledgements refused for a missing field")
            .register(metrics);
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(store(AlertingStores.ALERTS, AlertRecord.class));
    builder.addStateStore(store(AlertingStores.RULE_COUNTS, RuleCount.class));
    builder.addStateStore(store(AlertingStores.GROUPS, GroupState.class));
    builder.addStateStore(store(AlertingStores.GROUP_MEMBERS, GroupMember.class));
    builder.addStateStore(store(AlertingStores.DELIVERIES, PendingDelivery.class));
    globalStore(builder, AlertingStores.SILENCES, Topics.SILENCES);
    globalStore(builder, AlertingStores.ALERT_STATES, Topics.ALERT_STATE);

    KStream<String, AlertInput> signals =
        stream(builder, Topics.ALERT_SIGNALS).filter((k, v) -> v != null).mapValues(AlertInput::of);
    KStream<String, AlertInput> acks =
        stream(builder, Topics.ALERT_ACKS).filter((k, v) -> v != null).mapValues(AlertInput::of);

    KStream<String, AlertView> changes =
        signals
            .merge(acks, Named.as("signals-and-acks"))
            // all alerts of a rule in one task, so the rule's cap is counted exactly
            .selectKey((k, v) -> v.rule(), Named.as("key-by-rule"))
            .repartition(
                Repartitioned.<String, AlertInput>as("alerts-by-rule")
                    .withKeySerde(Serdes.String())
                    .withValueSerde(JsonSerde.of(AlertInput.class)))
            .process(
                () -> new TrackAlerts(config, refused),
                Named.as("track-alerts"),
                AlertingStores.ALERTS,
                AlertingStores.RULE_COUNTS);
    changes.to(
        Topics.ALERT_STATE.name(),
        Produced.with(Topics.ALERT_STATE.keySerde(), Topics.ALERT_STATE.valueSerde()));

    Router router = new Router(config.route());
    changes
        .filter((fingerprint, view) -> view != null, Named.as("drop-forgotten"))
        .flatMap(
            (fingerprint, view) -> {
              List<KeyValue<String, GroupInput>> out = new ArrayList<>();
              for (Router.Destination d : router.route(view.routingLabels())) {
                out.add(
                    KeyValue.pair(
                        d.groupKey(),
                        new GroupInput(
                            d.route().id(), d.route().receiver(), d.groupLabels(), view)));
              }
              return out;
            },
            Named.as("route"))
        .repartition(
            Repartitioned.<String, GroupInput>as("alerts-by-group")
                .withKeySerde(Serdes.String())
                .withValueSerde(JsonSerde.of(GroupInput.class)))
        .process(
            () -> new GroupAlerts(config),
            Named.as("group-alerts"),
            AlertingStores.GROUPS,
            AlertingStores.GROUP_MEMBERS)
        .process(
            () -> new DeliverNotifications(queues, pumpInterval(config)),
            Named.as("deliver-notifications"),
            AlertingStores.DELIVERIES)
        .to(
            Topics.NOTIFICATION_LOG.name(),
            Produced.with(
                Topics.NOTIFICATION_LOG.keySerde(), Topics.NOTIFICATION_LOG.valueSerde()));
    return builder.build();
  }

  /** Reports of attempts are picked up at least every 200 ms. */
  static Duration pumpInterval(AlertingConfig config) {
    Duration tick = config.lifecycle().tick();
    return tick.compareTo(Duration.ofMillis(200)) < 0 ? tick : Duration.ofMillis(200);
  }

  public static Properties streamsConfig(
      String bootstrapServers, String applicationId, Path stateDir) {
    return StreamsApps.exactlyOnce(bootstrapServers, applicationId, stateDir);
  }

  /** With the internal topics replicated as {@code topics} says. */
  public static Properties streamsConfig(
      String bootstrapServers, String applicationId, Path stateDir, TopicSettings topics) {
    return StreamsApps.exactlyOnce(bootstrapServers, applicationId, stateDir, topics);
  }

  private static <V> org.apache.kafka.streams.state.StoreBuilder<KeyValueStore<String, V>> store(
      String name, Class<V> type) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(name), Serdes.String(), JsonSerde.of(type));
  }

  private static <V> KStream<String, V> stream(StreamsBuilder builder, Topic<String, V> topic) {
    return builder.stream(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde()));
  }

  /** A read-only copy of a compacted topic in every instance; a null value removes the key. */
  private static <V> void globalStore(StreamsBuilder builder, String name, Topic<String, V> topic) {
    Serde<V> serde = topic.valueSerde();
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), serde)
            .withLoggingDisabled(),
        topic.name(),
        Consumed.with(topic.keySerde(), serde),
        () ->
            new Processor<String, V, Void, Void>() {
              private KeyValueStore<String, V> store;

              @Override
              public void init(ProcessorContext<Void, Void> context) {
                store = context.getStateStore(name);
              }

              @Override
              public void process(Record<String, V> record) {
                if (record.key() == null) {
                  return;
                }
                if (record.value() == null) {
                  store.delete(record.key());
                } else {
                  store.put(record.key(), record.value());
                }
              }
            });
  }
}
