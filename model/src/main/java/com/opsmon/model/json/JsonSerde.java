package com.opsmon.model.json;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde writing a record as UTF-8 JSON in the monitor's dialect ({@link Json}). */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
  private final Class<T> type;

  public JsonSerde(Class<T> type) {
    this.type = type;
  }

  public static <T> JsonSerde<T> of(Class<T> type) {
    return new JsonSerde<>(type);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    return data == null ? null : Json.writeBytes(data);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return Json.read(data, type);
    } catch (RuntimeException e) {
      throw new SerializationException(
          "record on " + topic + " is not a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {}

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }
}
