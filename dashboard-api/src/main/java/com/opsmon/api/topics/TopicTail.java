package com.opsmon.api.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of some topics on a daemon thread, committed records only, without a
 * consumer group (every API instance sees everything), handing each record to a sink. It outlives
 * Kafka being away (retrying every two seconds) and a sink that throws (the record is skipped).
 */
public final class TopicTail implements Runnable, AutoCloseable {
  /** Where reading begins in each partition. */
  public record From(Kind kind, long records) {
    enum Kind {
      BEGINNING,
      END,
      LAST
    }

    public static final From BEGINNING = new From(Kind.BEGINNING, 0);
    public static final From END = new From(Kind.END, 0);

    /** The newest {@code records} of each partition (as many as there are, if fewer). */
    public static From last(long records) {
      return new From(Kind.LAST, records);
    }
  }

  private static final Logger log = LoggerFactory.getLogger(TopicTail.class);
  private static final Duration RETRY = Duration.ofSeconds(2);

  private final List<String> topics;
  private final String name;
  private final From from;
  private final Consumer<ConsumerRecord<byte[], byte[]>> sink;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private Map<TopicPartition, Long> endsAtStart = Map.of();
  private volatile boolean caughtUp;
  private Thread thread;

  public TopicTail(
      String bootstrapServers,
      String topic,
      From from,
      Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    this(bootstrapServers, List.of(topic), topic, from, sink);
  }

  /**
   * Several topics read as one, from the same point; reading waits until every one of them exists.
   *
   * @param name names the thread and the log lines
   */
  public TopicTail(
      String bootstrapServers,
      List<String> topics,
      String name,
      From from,
      Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    this.topics = List.copyOf(topics);
    this.name = name;
    this.from = from;
    this.sink = sink;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
  }

  public TopicTail start() {
    thread = new Thread(this, "tail-" + name);
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /** Whether everything on the topic when reading began has been read (at once from the end). */
  public boolean caughtUp() {
    return caughtUp;
  }

  @Override
  public void run() {
    try {
      while (running.get()) {
        try {
          if (consumer.assignment().isEmpty() && !assign()) {
            pause();
            continue;
          }
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            try {
              sink.accept(record);
            } catch (RuntimeException e) {
              log.warn(
                  "{} {}:{} skipped: {}",
                  record.topic(),
                  record.partition(),
                  record.offset(),
                  e.toString());
            }
          }
          if (!caughtUp) {
            caughtUp =
                endsAtStart.entrySet().stream()
                    .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
          }
        } catch (WakeupException e) {
          return;
        } catch (RuntimeException e) {
          log.warn("reading {} failed, retrying in {}: {}", name, RETRY, e.toString());
          pause();
        }
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private boolean assign() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> found = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (found == null || found.isEmpty()) {
        return false;
      }
      found.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    }
    consumer.assign(partitions);
    switch (from.kind()) {
      case BEGINNING -> {
        consumer.seekToBeginning(partitions);
        endsAtStart = consumer.endOffsets(partitions);
      }
      case LAST -> {
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
        endsAtStart = consumer.endOffsets(partitions);
        partitions.forEach(
            p -> consumer.seek(p, Math.max(begins.get(p), endsAtStart.get(p) - from.records())));
      }
      case END -> {
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the end now, not at the first poll
        caughtUp = true;
      }
    }
    return true;
  }

  private void pause() {
    try {
      Thread.sleep(RETRY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
