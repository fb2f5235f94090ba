package com.opsmon.jobs;

import com.opsmon.jobs.orders.OrderKpiJob;
import com.opsmon.jobs.sinks.JsonRecordSerializer;
import com.opsmon.jobs.sinks.KpiStoreSink;
import com.opsmon.jobs.sources.DecodeEvents;
import com.opsmon.jobs.sources.Decoded;
import com.opsmon.jobs.sources.SplitDecoded;
import com.opsmon.jobs.time.IdleAdvancingWatermarks;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.config.Flags;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.topics.Topics;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Wires the stream jobs to Kafka and the store. {@link #main} is what a Flink cluster runs from the
 * job jar; the standalone monitor calls {@link #define} on its local MiniCluster environment.
 */
public final class StreamJobs {
  public static final String JOB_NAME = "opsmon-kpis";

  private StreamJobs() {}

  public static void main(String[] args) throws Exception {
    StreamJobsConfig config = StreamJobsConfig.fromFlags(Flags.parse(args));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    define(env, config);
    env.execute(JOB_NAME);
  }

  /** Adds the sources, the job topologies and the sinks to {@code env}. */
  public static void define(StreamExecutionEnvironment env, StreamJobsConfig config) {
    env.setParallelism(config.parallelism());
    env.enableCheckpointing(config.checkpointInterval().toMillis());

    SingleOutputStreamOperator<OrderEvent> orders =
        env.fromSource(
                eventSource(
                    config,
                    Topics.ORDERS.name(),
                    OrderEvent.class,
                    new TypeHint<Decoded<OrderEvent>>() {}),
                watermarks(
                    config,
                    (Decoded<OrderEvent> d, long kafkaTime) ->
                        d.ok() ? d.event().occurredAt().toEpochMilli() : kafkaTime),
                "orders topic")
            .uid("source-orders")
            .process(new SplitDecoded<OrderEvent>())
            .returns(OrderEvent.class)
            .name("decode orders")
            .uid("orders-decode");
    DataStream<DeadLetter> undecodable = orders.getSideOutput(SplitDecoded.DEAD_LETTERS);

    OrderKpiJob.Outputs outputs = OrderKpiJob.build(orders, config.orders());

    outputs
        .kpis()
        .sinkTo(new KpiStoreSink(config.store(), 500, Duration.ofSeconds(1)))
        .name("KPI store")
        .uid("sink-kpi-store");
    outputs
        .kpis()
        .sinkTo(kafkaSink(config, Topics.KPIS.name(), (KpiPoint p) -> p.kpi() + "|" + p.series()))
        .name("kpis topic")
        .uid("sink-kpis-topic");
    outputs
        .alerts()
        .sinkTo(kafkaSink(config, Topics.ALERT_SIGNALS.name(), AlertSignal::fingerprint))
        .name("alert signals topic")
        .uid("sink-alert-signals");
    outputs
        .deadLetters()
        .union(undecodable)
        .sinkTo(kafkaSink(config, Topics.DEAD_LETTERS.name(), (DeadLetter d) -> null))
        .name("dead letters topic")
        .uid("sink-dead-letters");
  }

  static <T> KafkaSource<Decoded<T>> eventSource(
      StreamJobsConfig config, String topic, Class<T> type, TypeHint<Decoded<T>> hint) {
    return KafkaSource.<Decoded<T>>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setTopics(topic)
        .setGroupId(config.consumerGroup())
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new DecodeEvents<>(type, "kpi-job", TypeInformation.of(hint)))
        // the validator writes transactionally; aborted records must never be counted
        .setProperty("isolation.level", "read_committed")
        .setProperty("commit.offsets.on.checkpoint", "true")
        .build();
  }

  static <T> WatermarkStrategy<T> watermarks(
      StreamJobsConfig config,
      org.apache.flink.api.common.eventtime.SerializableTimestampAssigner<T> eventTime) {
    Duration outOfOrderness = config.outOfOrderness();
    Duration idleTimeout = config.idleTimeout();
    return WatermarkStrategy.<T>forGenerator(
            ctx ->
                new IdleAdvancingWatermarks<>(
                    outOfOrderness, idleTimeout, System::currentTimeMillis))
        .withTimestampAssigner(eventTime);
  }

  static <T> KafkaSink<T> kafkaSink(
      StreamJobsConfig config,
      String topic,
      org.apache.flink.util.function.SerializableFunction<T, String> key) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setRecordSerializer(new JsonRecordSerializer<>(topic, key))
        // consumers de-duplicate (KPI points replace, alert signals are idempotent), so
        // at-least-once suffices
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }
}
