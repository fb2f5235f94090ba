package com.opsmon.embedded;

import com.opsmon.model.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads what a topic holds, as a consumer of the monitor would: committed records only ({@code
 * read_committed}), so a test never passes on records a failure would have aborted. For tests and
 * tools; no consumer group is involved.
 */
public final class TopicReader {
  private TopicReader() {}

  /** Every committed record of every partition, from the start up to the end as of now. */
  public static <K, V> List<ConsumerRecord<K, V>> readAll(String bootstrap, Topic<K, V> topic) {
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            topic.keySerde().deserializer(),
            topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      List<ConsumerRecord<K, V>> records = new ArrayList<>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  /** The values of {@link #readAll}. */
  public static <K, V> List<V> values(String bootstrap, Topic<K, V> topic) {
    return readAll(bootstrap, topic).stream().map(ConsumerRecord::value).toList();
  }

  /** The first offset each partition still holds: above 0 once retention deleted records. */
  public static Map<Integer, Long> firstOffsets(String bootstrap, Topic<?, ?> topic) {
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      return consumer.beginningOffsets(partitions).entrySet().stream()
          .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue));
    }
  }
}
