package com.opsmon.launcher.bench;

import com.opsmon.ingest.publish.EventPublisher;
import com.opsmon.ingest.publish.EventPublisher.RawEvent;
import com.opsmon.launcher.stack.StandaloneStack;
import com.opsmon.model.topics.Topics;
import com.opsmon.store.loader.StoreLoaderConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The whole pipeline's rate: events written straight into the raw topic (as a producer of the
 * user's would), validated by the Kafka Streams validator, turned into every KPI by the stream
 * jobs, and loaded into the store. Done is read from the consumer groups' committed offsets, so the
 * figure counts only work that a restart would not redo; it is late by at most one checkpoint.
 */
final class PipelineThroughput {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final int PUBLISH_BATCH = 20_000;

  private PipelineThroughput() {}

  /** The pipeline's time for {@code events}, from the first write until everything is consumed. */
  static Throughput run(
      String bootstrapServers, List<RawEvent> events, Duration deadline, Progress progress)
      throws Exception {
    try (Admin admin = admin(bootstrapServers);
        EventPublisher publisher = new EventPublisher(bootstrapServers, Duration.ofSeconds(60))) {
      long started = System.nanoTime();
      for (int from = 0; from < events.size(); from += PUBLISH_BATCH) {
        publisher.publish(
            events.subList(from, Math.min(events.size(), from + PUBLISH_BATCH)), List.of());
      }
      progress.say(
          "wrote %,d events into %s in %.1f s; waiting for the pipeline",
          events.size(), Topics.RAW_EVENTS.name(), (System.nanoTime() - started) / 1e9);
      awaitConsumed(admin, deadline);
      return new Throughput(events.size(), Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /** Waits until the pipeline has consumed every event written so far, however they came. */
  static void awaitConsumed(String bootstrapServers, Duration deadline) throws Exception {
    try (Admin admin = admin(bootstrapServers)) {
      awaitConsumed(admin, deadline);
    }
  }

  private static void awaitConsumed(Admin admin, Duration deadline) throws Exception {
    long giveUp = System.nanoTime() + deadline.toNanos();
    while (!consumedEverything(admin)) {
      if (System.nanoTime() > giveUp) {
        throw new IllegalStateException(
            "the pipeline did not consume the events written within " + deadline);
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** True once validator, stream jobs and store loader have each committed all they were given. */
  private static boolean consumedEverything(Admin admin) throws Exception {
    return caughtUp(
            admin,
            StandaloneStack.VALIDATOR_APPLICATION,
            List.of(Topics.RAW_EVENTS.name()),
            IsolationLevel.READ_UNCOMMITTED,
            0)
        // the validator writes transactionally: the topic ends with a commit marker that no
        // consumer reads, and the jobs commit the offset after their last record
        && caughtUp(
            admin,
            StandaloneStack.STREAM_JOBS_GROUP,
            List.of(
                Topics.ORDERS.name(),
                Topics.INVENTORY.name(),
                Topics.SERVICE.name(),
                Topics.STOREFRONT.name()),
            IsolationLevel.READ_COMMITTED,
            1)
        && caughtUp(
            admin,
            StoreLoaderConfig.DEFAULT_GROUP,
            List.of(Topics.KPIS.name()),
            IsolationLevel.READ_UNCOMMITTED,
            0);
  }

  static boolean caughtUp(
      Admin admin, String group, List<String> topics, IsolationLevel isolation, long slack)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin
        .describeTopics(topics)
        .allTopicNames()
        .get(30, TimeUnit.SECONDS)
        .forEach(
            (name, description) ->
                description
                    .partitions()
                    .forEach(
                        p ->
                            latest.put(
                                new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin
        .listOffsets(latest, new ListOffsetsOptions(isolation))
        .all()
        .get(30, TimeUnit.SECONDS)
        .forEach((partition, info) -> ends.put(partition, info.offset()));
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (end.getValue() == 0) {
        continue;
      }
      OffsetAndMetadata at = committed.get(end.getKey());
      if (at == null || at.offset() < end.getValue() - slack) {
        return false;
      }
    }
    return true;
  }

  static Admin admin(String bootstrapServers) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return Admin.create(props);
  }
}
