package com.opsmon.jobs.sources;

import com.opsmon.jobs.StreamJobsConfig;
import com.opsmon.model.rules.PublishedRules;
import com.opsmon.model.topics.Topics;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The rules topic as a stream of versions, read from its start on every run (compaction keeps it
 * short; the newest version wins). Rules carry no event time: this input never holds back the event
 * time of the KPIs it meets.
 */
public final class RulesSource {
  private RulesSource() {}

  public static DataStream<PublishedRules> read(
      StreamExecutionEnvironment env, StreamJobsConfig config) {
    KafkaSource<PublishedRules> source =
        KafkaSource.<PublishedRules>builder()
            .setBootstrapServers(config.bootstrapServers())
            .setTopics(Topics.RULES.name())
            .setGroupId(config.consumerGroup() + "-rules")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setValueOnlyDeserializer(new ReadRules())
            .setProperty("isolation.level", "read_committed")
            .build();
    return env.fromSource(source, timeless(), "rules topic").uid("source-rules").setParallelism(1);
  }

  /**
   * Idle for good, so the rules never hold back another input's watermark. Not the end of time as a
   * watermark: where every other input of an operator is idle too (a fresh start before any event),
   * that watermark would be the operator's, and a watermark never goes back, so no window would
   * ever be judged again.
   */
  public static <T> WatermarkStrategy<T> timeless() {
    return WatermarkStrategy.forGenerator(
        ctx ->
            new WatermarkGenerator<T>() {
              @Override
              public void onEvent(T event, long timestamp, WatermarkOutput output) {}

              @Override
              public void onPeriodicEmit(WatermarkOutput output) {
                output.markIdle();
              }
            });
  }

  /** A version that cannot be read is skipped (the jobs keep the rules they have). */
  static final class ReadRules extends AbstractDeserializationSchema<PublishedRules> {
    @Override
    public PublishedRules deserialize(byte[] message) {
      try {
        return Topics.RULES.valueSerde().deserializer().deserialize(Topics.RULES.name(), message);
      } catch (RuntimeException e) {
        return null;
      }
    }
  }
}
