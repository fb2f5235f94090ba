package com.opsmon.jobs.sinks;

import com.opsmon.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records as the monitor's JSON to one topic, keyed as the given function says. Records
 * carry no timestamp of their own: the broker stamps them when they arrive, whatever event time
 * they describe (that is in the payload), so a KPI of last month's backfill is not deleted by
 * retention before anyone reads it.
 */
public final class JsonRecordSerializer<T>
    implements KafkaRecordSerializationSchema<T>, KafkaDatasetFacetProvider {
  private final String topic;
  private final SerializableFunction<T, String> key;

  public JsonRecordSerializer(String topic, SerializableFunction<T, String> key) {
    this.topic = topic;
    this.key = key;
  }

  /** The topic written, which the exactly-once sink needs to find its pooled transactions. */
  @Override
  public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
    return Optional.of(
        new DefaultKafkaDatasetFacet(DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    String k = key.apply(element);
    return new ProducerRecord<>(
        topic,
        null,
        null,
        k == null ? null : k.getBytes(StandardCharsets.UTF_8),
        Json.writeBytes(element));
  }
}
