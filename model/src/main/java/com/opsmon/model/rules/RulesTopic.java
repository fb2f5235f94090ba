package com.opsmon.model.rules;

import com.opsmon.model.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Publishes a rules version to the rules topic, and reads the one in force. */
public final class RulesTopic {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private RulesTopic() {}

  /** Publishes and waits for the broker's acknowledgement; the jobs apply it within seconds. */
  public static void publish(String bootstrap, PublishedRules rules) {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis() - 1000),
            Topics.RULES.keySerde().serializer(),
            Topics.RULES.valueSerde().serializer())) {
      producer
          .send(new ProducerRecord<>(Topics.RULES.name(), Topics.ACTIVE_RULES, rules))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing the rules", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not take the rules: " + e.getMessage(), e);
    }
  }

  /** The newest version published, if any. */
  public static Optional<PublishedRules> latest(String bootstrap) {
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            Topics.RULES.keySerde().deserializer(),
            Topics.RULES.valueSerde().deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.RULES.name(), TIMEOUT).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
      PublishedRules newest = null;
      for (TopicPartition partition : partitions) {
        long end = ends.get(partition);
        if (end == 0) {
          continue;
        }
        // compaction keeps few versions: read them all, the newest wins
        consumer.seekToBeginning(List.of(partition));
        while (consumer.position(partition) < end) {
          for (var record : consumer.poll(Duration.ofMillis(200))) {
            if (record.value() != null
                && (newest == null
                    || !record.value().publishedAt().isBefore(newest.publishedAt()))) {
              newest = record.value();
            }
          }
        }
      }
      return Optional.ofNullable(newest);
    }
  }
}
