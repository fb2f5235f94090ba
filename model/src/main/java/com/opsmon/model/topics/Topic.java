package com.opsmon.model.topics;

import org.apache.kafka.common.serialization.Serde;

/** A Kafka topic paired with the serdes of its keys and values, so nobody pairs them wrongly. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {}
