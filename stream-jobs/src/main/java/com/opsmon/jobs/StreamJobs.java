package com.opsmon.jobs;

import com.opsmon.jobs.sinks.JsonRecordSerializer;
import com.opsmon.jobs.sources.KafkaInputs;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.config.Flags;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.topics.Topics;
import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Wires the stream jobs to Kafka. {@link #main} is what a Flink cluster runs from the job jar; the
 * standalone monitor calls {@link #define} on its local MiniCluster environment.
 *
 * <p>The job writes to Kafka only. KPI points reach the store from the {@code opsmon.kpis} topic
 * through the store loader, outside this job, so a slow or absent store can never hold up the
 * checkpoints that commit alert signals.
 */
public final class StreamJobs {
  public static final String JOB_NAME = "opsmon-kpis";

  /** Checkpoints that may fail in a row (a broker restart) before the job restarts. */
  static final int TOLERABLE_CHECKPOINT_FAILURES = 10;

  /** The broker's default ceiling for transaction timeouts (transaction.max.timeout.ms). */
  static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

  private StreamJobs() {}

  public static void main(String[] args) throws Exception {
    StreamJobsConfig config = StreamJobsConfig.fromFlags(Flags.parse(args));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    define(env, config);
    env.execute(JOB_NAME);
  }

  /** Adds the sources, the jobs ({@link Pipelines}) and the sinks to {@code env}. */
  public static void define(StreamExecutionEnvironment env, StreamJobsConfig config) {
    env.setParallelism(config.parallelism());
    env.enableCheckpointing(config.checkpointInterval().toMillis());
    env.getCheckpointConfig().setTolerableCheckpointFailureNumber(TOLERABLE_CHECKPOINT_FAILURES);

    KafkaInputs.Read read = KafkaInputs.read(env, config);
    Outputs outputs = Pipelines.build(read.inputs(), config.pipelines());

    outputs
        .allKpis()
        .sinkTo(
            kafkaSink(config, Topics.KPIS.name(), (KpiPoint p) -> p.kpi() + "|" + p.series())
                .build())
        .name("kpis topic")
        .uid("sink-kpis-topic");
    // partial points are superseded within a second: never wait on the broker for them at a
    // checkpoint, and a lost one is simply followed by the next
    outputs
        .allPartialKpis()
        .ifPresent(
            partials ->
                partials
                    .sinkTo(
                        kafkaSink(
                                config,
                                Topics.KPI_PARTIALS.name(),
                                (KpiPoint p) -> p.kpi() + "|" + p.series())
                            .setDeliveryGuarantee(DeliveryGuarantee.NONE)
                            .build())
                    .name("partial kpis topic")
                    .uid("sink-partial-kpis-topic"));
    // a signal emitted before a crash may not be emitted again after the replay: exactly-once keeps
    // the lifecycle from seeing a verdict the restored job never reached
    outputs
        .allAlerts()
        .sinkTo(
            kafkaSink(config, Topics.ALERT_SIGNALS.name(), AlertSignal::fingerprint)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.consumerGroup() + "-alert-signals")
                // a bounded pool of ids reused across checkpoints, not a new id per checkpoint
                // left behind in the broker's transaction state
                .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
                .setProperty(
                    "transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()))
                .build())
        .name("alert signals topic")
        .uid("sink-alert-signals");
    outputs
        .allDeadLetters()
        .union(read.undecodable())
        .sinkTo(kafkaSink(config, Topics.DEAD_LETTERS.name(), (DeadLetter d) -> null).build())
        .name("dead letters topic")
        .uid("sink-dead-letters");
  }

  /** At-least-once unless told otherwise: KPI points replace each other, dead letters are a log. */
  static <T> KafkaSinkBuilder<T> kafkaSink(
      StreamJobsConfig config, String topic, SerializableFunction<T, String> key) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setRecordSerializer(new JsonRecordSerializer<>(topic, key))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
  }
}
