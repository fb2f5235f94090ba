package com.opsmon.jobs.sources;

import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.events.Event;
import com.opsmon.model.events.Events;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads validated event JSON into the typed records a topic carries, once, at the edge of the job.
 * A record that does not decode, or is an event that does not belong on the topic (someone wrote
 * around the validator), becomes a dead letter instead of failing the job.
 *
 * @param <T> what the topic's events are read as
 */
public final class DecodeEvents<T> implements KafkaRecordDeserializationSchema<Decoded<T>> {
  private final String topic;
  private final SerializableFunction<Event, T> accept;
  private final TypeInformation<Decoded<T>> producedType;

  /**
   * @param accept the event as this topic's type, or null if it does not belong here
   */
  public DecodeEvents(
      String topic,
      SerializableFunction<Event, T> accept,
      TypeInformation<Decoded<T>> producedType) {
    this.topic = topic;
    this.accept = accept;
    this.producedType = producedType;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded<T>> out) {
    out.collect(decode(record.value(), Instant.ofEpochMilli(record.timestamp())));
  }

  Decoded<T> decode(byte[] value, Instant at) {
    Event event;
    try {
      event = Events.parse(value);
    } catch (RuntimeException e) {
      return Decoded.failed(
          DeadLetter.of(
              DeadLetterReason.MALFORMED_JSON,
              "not an event: " + e.getMessage(),
              value,
              "kpi-job",
              at,
              null));
    }
    T accepted = accept.apply(event);
    if (accepted == null) {
      return Decoded.failed(
          DeadLetter.of(
              DeadLetterReason.UNKNOWN_EVENT_TYPE,
              "a " + event.type().wireName() + " event does not belong on " + topic,
              value,
              "kpi-job",
              at,
              null));
    }
    return Decoded.of(accepted);
  }

  @Override
  public TypeInformation<Decoded<T>> getProducedType() {
    return producedType;
  }
}
