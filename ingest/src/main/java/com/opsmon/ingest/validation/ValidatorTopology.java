package com.opsmon.ingest.validation;

import com.opsmon.ingest.metrics.IngestMetrics;
import com.opsmon.model.events.EventCategory;
import com.opsmon.model.streams.StreamsApps;
import com.opsmon.model.topics.Topic;
import com.opsmon.model.topics.TopicSettings;
import com.opsmon.model.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The ingest validator: raw events in; valid, normalised, de-duplicated events out on their
 * family's topic; everything else on the dead-letter topic with its reason.
 */
public final class ValidatorTopology {
  public static final String SEEN_EVENT_IDS = "seen-event-ids";

  private ValidatorTopology() {}

  /**
   * @param dedupHorizon how long an {@code eventId} is remembered; a resend later than this counts
   *     again
   */
  public static Topology buildTopology(
      ValidationRules rules, Duration dedupHorizon, IngestMetrics metrics) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(
                SEEN_EVENT_IDS, dedupHorizon.multipliedBy(2), Duration.ofMillis(1), false),
            Serdes.String(),
            Serdes.Long()));
    EventValidator validator = new EventValidator(rules);

    KStream<String, Routed> routed =
        builder.stream(Topics.RAW_EVENTS.name(), consumed(Topics.RAW_EVENTS))
            .process(
                () -> new ValidateAndDeduplicate(validator, dedupHorizon, metrics),
                Named.as("validate-and-deduplicate"),
                SEEN_EVENT_IDS);

    BranchedKStream<String, Routed> branches = routed.split(Named.as("route-"));
    branches.branch(
        (key, r) -> r instanceof Routed.ToDeadLetters,
        Branched.withConsumer(
            s ->
                s.mapValues(r -> ((Routed.ToDeadLetters) r).deadLetter(), Named.as("dead-letter"))
                    .to(Topics.DEAD_LETTERS.name(), produced(Topics.DEAD_LETTERS)),
            "dead-letters"));
    for (EventCategory category : EventCategory.values()) {
      Topic<String, String> topic = Topics.forCategory(category);
      branches.branch(
          (key, r) -> r instanceof Routed.ToTopic t && t.category() == category,
          Branched.withConsumer(
              s ->
                  s.mapValues(
                          r -> ((Routed.ToTopic) r).json(),
                          Named.as("event-json-" + category.name().toLowerCase()))
                      .to(topic.name(), produced(topic)),
              category.name().toLowerCase()));
    }
    branches.noDefaultBranch();
    return builder.build();
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

  static <K, V> Consumed<K, V> consumed(Topic<K, V> topic) {
    return Consumed.with(topic.keySerde(), topic.valueSerde());
  }

  static <K, V> Produced<K, V> produced(Topic<K, V> topic) {
    return Produced.with(topic.keySerde(), topic.valueSerde());
  }
}
