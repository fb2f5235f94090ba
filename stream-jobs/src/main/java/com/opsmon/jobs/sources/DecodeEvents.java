package com.opsmon.jobs.sources;

import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.json.Json;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads validated event JSON into typed records. A record that does not decode (someone wrote to
 * the topic around the validator) becomes a dead letter instead of failing the job.
 */
public final class DecodeEvents<T> implements KafkaRecordDeserializationSchema<Decoded<T>> {
  private final Class<T> type;
  private final String source;
  private final TypeInformation<Decoded<T>> producedType;

  public DecodeEvents(Class<T> type, String source, TypeInformation<Decoded<T>> producedType) {
    this.type = type;
    this.source = source;
    this.producedType = producedType;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded<T>> out) {
    Decoded<T> decoded = decode(record.value(), Instant.ofEpochMilli(record.timestamp()));
    out.collect(decoded);
  }

  Decoded<T> decode(byte[] value, Instant at) {
    try {
      T event = Json.read(value, type);
      if (event == null) {
        throw new IllegalArgumentException("empty record");
      }
      return Decoded.of(event);
    } catch (RuntimeException e) {
      return Decoded.failed(
          DeadLetter.of(
              DeadLetterReason.MALFORMED_JSON,
              "not a " + type.getSimpleName() + ": " + e.getMessage(),
              value,
              source,
              at,
              null));
    }
  }

  @Override
  public TypeInformation<Decoded<T>> getProducedType() {
    return producedType;
  }
}
