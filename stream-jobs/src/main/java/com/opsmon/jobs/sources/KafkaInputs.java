package com.opsmon.jobs.sources;

import com.opsmon.jobs.Inputs;
import com.opsmon.jobs.JobMetrics;
import com.opsmon.jobs.StreamJobsConfig;
import com.opsmon.jobs.time.IdleAdvancingWatermarks;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.events.Event;
import com.opsmon.model.events.InventoryEvent;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.events.ServiceCallEvent;
import com.opsmon.model.events.StorefrontEvent;
import com.opsmon.model.events.TicketEvent;
import com.opsmon.model.topics.Topic;
import com.opsmon.model.topics.Topics;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The validated event topics as typed streams: read committed, decoded once, stamped with their
 * event time and watermarked per partition (bounded out-of-orderness, idle partitions advancing
 * with the clock).
 */
public final class KafkaInputs {
  static final OutputTag<TicketEvent> TICKETS = new OutputTag<>("tickets") {};

  /** The typed streams, and the records that could not be read as events. */
  public record Read(Inputs inputs, DataStream<DeadLetter> undecodable) {}

  private KafkaInputs() {}

  public static Read read(StreamExecutionEnvironment env, StreamJobsConfig config) {
    SingleOutputStreamOperator<OrderEvent> orders =
        topic(
            env,
            config,
            Topics.ORDERS,
            "orders",
            e -> e instanceof OrderEvent o ? o : null,
            new TypeHint<Decoded<OrderEvent>>() {},
            OrderEvent.class);
    SingleOutputStreamOperator<InventoryEvent> inventory =
        topic(
            env,
            config,
            Topics.INVENTORY,
            "inventory",
            e -> e instanceof InventoryEvent i ? i : null,
            new TypeHint<Decoded<InventoryEvent>>() {},
            InventoryEvent.class);
    SingleOutputStreamOperator<ServiceTopicEvent> service =
        topic(
            env,
            config,
            Topics.SERVICE,
            "service",
            ServiceTopicEvent::of,
            new TypeHint<Decoded<ServiceTopicEvent>>() {},
            ServiceTopicEvent.class);
    SingleOutputStreamOperator<StorefrontEvent> storefront =
        topic(
            env,
            config,
            Topics.STOREFRONT,
            "storefront",
            e -> e instanceof StorefrontEvent s ? s : null,
            new TypeHint<Decoded<StorefrontEvent>>() {},
            StorefrontEvent.class);

    SingleOutputStreamOperator<ServiceCallEvent> calls =
        service
            .process(new SplitServiceEvents(TICKETS))
            .returns(ServiceCallEvent.class)
            .name("split service calls and tickets")
            .uid("service-split");
    DataStream<TicketEvent> tickets = calls.getSideOutput(TICKETS);

    DataStream<DeadLetter> undecodable =
        orders
            .getSideOutput(SplitDecoded.DEAD_LETTERS)
            .union(
                inventory.getSideOutput(SplitDecoded.DEAD_LETTERS),
                service.getSideOutput(SplitDecoded.DEAD_LETTERS),
                storefront.getSideOutput(SplitDecoded.DEAD_LETTERS));
    return new Read(
        new Inputs(orders, inventory, calls, tickets, storefront, RulesSource.read(env, config)),
        undecodable);
  }

  private static <T> SingleOutputStreamOperator<T> topic(
      StreamExecutionEnvironment env,
      StreamJobsConfig config,
      Topic<?, ?> topic,
      String name,
      SerializableFunction<Event, T> accept,
      TypeHint<Decoded<T>> decodedType,
      Class<T> type) {
    KafkaSource<Decoded<T>> source =
        KafkaSource.<Decoded<T>>builder()
            .setBootstrapServers(config.bootstrapServers())
            .setTopics(topic.name())
            .setGroupId(config.consumerGroup())
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(
                new DecodeEvents<>(topic.name(), accept, TypeInformation.of(decodedType)))
            // the validator writes transactionally; aborted records must never be counted
            .setProperty("isolation.level", "read_committed")
            .setProperty("commit.offsets.on.checkpoint", "true")
            .build();
    return env.fromSource(source, watermarks(config), name + " topic")
        .uid("source-" + name)
        .process(new SplitDecoded<T>())
        .returns(type)
        .name("decode " + name)
        .uid(name + "-decode");
  }

  /** Event time from the event; a record that is no event is stamped with its arrival. */
  static <T> WatermarkStrategy<Decoded<T>> watermarks(StreamJobsConfig config) {
    Duration outOfOrderness = config.outOfOrderness();
    Duration idleTimeout = config.idleTimeout();
    // Optional is not serializable, and this strategy travels to the task managers
    Duration clockAfterRestore = config.clockAfterRestore().orElse(null);
    return WatermarkStrategy.<Decoded<T>>forGenerator(
            ctx -> {
              IdleAdvancingWatermarks<Decoded<T>> generator =
                  new IdleAdvancingWatermarks<>(
                      outOfOrderness,
                      idleTimeout,
                      Optional.ofNullable(clockAfterRestore),
                      ctx.getInputActivityClock()::relativeTimeMillis,
                      System::currentTimeMillis);
              // the skew seen: how far ahead of this clock events are stamped
              ctx.getMetricGroup()
                  .addGroup(JobMetrics.GROUP)
                  .gauge(
                      "eventTimeAheadOfClockMs",
                      (org.apache.flink.metrics.Gauge<Long>) generator::aheadOfClockMs);
              return generator;
            })
        .withTimestampAssigner(
            (decoded, kafkaTime) -> decoded.ok() ? occurredAt(decoded.event()) : kafkaTime);
  }

  private static long occurredAt(Object event) {
    Event e = event instanceof ServiceTopicEvent s ? s.event() : (Event) event;
    return e.occurredAt().toEpochMilli();
  }
}
