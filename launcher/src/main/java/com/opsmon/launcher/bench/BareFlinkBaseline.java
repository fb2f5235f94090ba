package com.opsmon.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.CloseableIterator;

/**
 * What Flink alone does on this machine with the same events: read them from a Kafka topic, parse
 * the JSON, and count them per event type in one-minute event-time windows, at parallelism 1. The
 * ceiling the monitor's pipeline is measured against.
 */
final class BareFlinkBaseline {
  private BareFlinkBaseline() {}

  /** Reads the whole topic once and checks that every event was counted. */
  static Throughput run(String bootstrapServers, String topic, long expected) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
    KafkaSource<String> source =
        KafkaSource.<String>builder()
            .setBootstrapServers(bootstrapServers)
            .setTopics(topic)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setBounded(OffsetsInitializer.latest())
            .setValueOnlyDeserializer(new SimpleStringSchema())
            .build();
    long started = System.nanoTime();
    long counted = 0;
    try (CloseableIterator<Long> counts =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "events")
            .map(new ParseTypeAndTime())
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Tuple2<String, Long>>forBoundedOutOfOrderness(
                        Duration.ofSeconds(5))
                    .withTimestampAssigner((event, previous) -> event.f1))
            .keyBy(event -> event.f0)
            .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
            .aggregate(new Count())
            .executeAndCollect("bench: bare Flink baseline")) {
      while (counts.hasNext()) {
        counted += counts.next();
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    if (counted != expected) {
      throw new IllegalStateException(
          "the baseline counted " + counted + " events of " + expected + ": it is not comparable");
    }
    return new Throughput(counted, took);
  }

  /** The event's type and its event time in epoch milliseconds. */
  static final class ParseTypeAndTime extends RichMapFunction<String, Tuple2<String, Long>> {
    private transient ObjectMapper mapper;

    @Override
    public Tuple2<String, Long> map(String json) throws Exception {
      if (mapper == null) {
        mapper = new ObjectMapper();
      }
      JsonNode event = mapper.readTree(json);
      return Tuple2.of(
          event.path("type").asText(),
          Instant.parse(event.path("occurredAt").asText()).toEpochMilli());
    }
  }

  static final class Count implements AggregateFunction<Tuple2<String, Long>, Long, Long> {
    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(Tuple2<String, Long> value, Long accumulator) {
      return accumulator + 1;
    }

    @Override
    public Long getResult(Long accumulator) {
      return accumulator;
    }

    @Override
    public Long merge(Long a, Long b) {
      return a + b;
    }
  }
}
