package com.opsmon.model.topics;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic paired with the serdes of its keys and values, so nobody pairs them wrongly, and
 * the topic-level settings it is created with.
 */
public record Topic<K, V>(
    String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> config) {
  public Topic {
    config = Map.copyOf(config);
  }
}
