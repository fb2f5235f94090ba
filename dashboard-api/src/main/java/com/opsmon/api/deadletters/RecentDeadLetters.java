package com.opsmon.api.deadletters;

import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.json.Json;
import com.opsmon.model.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest dead letters, kept in memory for {@code GET /api/v1/dlq}: a consumer tails the
 * dead-letter topic (starting {@code capacity} records before its end) and keeps the last {@code
 * capacity}, each with at most {@link #PREVIEW_BYTES} of its payload. The topic stays the record of
 * truth; this is a window onto it. The tail survives Kafka being away and records it cannot read.
 */
public final class RecentDeadLetters implements Runnable, AutoCloseable {
  /** Enough to recognise a payload; the whole one is on the topic. */
  static final int PREVIEW_BYTES = 2048;

  private static final Logger log = LoggerFactory.getLogger(RecentDeadLetters.class);
  private static final Duration RETRY = Duration.ofSeconds(2);

  /** A dead letter with where it lies in the topic. */
  public record Entry(String partitionOffset, DeadLetter deadLetter) {}

  private final int capacity;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Deque<Entry> newestFirst = new ArrayDeque<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private Thread thread;

  public RecentDeadLetters(String bootstrapServers, int capacity) {
    this.capacity = capacity;
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

  /** Starts tailing on a daemon thread. */
  public RecentDeadLetters start() {
    thread = new Thread(this, "recent-dead-letters");
    thread.setDaemon(true);
    thread.start();
    return this;
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
            keep(record);
          }
        } catch (WakeupException e) {
          return;
        } catch (RuntimeException e) {
          log.warn("tailing the dead letters failed, retrying in {}: {}", RETRY, e.toString());
          pause();
        }
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Assigns every partition of the topic, starting {@code capacity} records before its end. */
  private boolean assign() {
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.DEAD_LETTERS.name(), Duration.ofSeconds(10)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    if (partitions.isEmpty()) {
      return false;
    }
    consumer.assign(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
    partitions.forEach(p -> consumer.seek(p, Math.max(begins.get(p), ends.get(p) - capacity)));
    return true;
  }

  private void keep(ConsumerRecord<byte[], byte[]> record) {
    String where = record.partition() + ":" + record.offset();
    DeadLetter letter;
    try {
      letter = Json.read(record.value(), DeadLetter.class);
    } catch (RuntimeException e) {
      log.warn("dead letter {} is not readable, skipping it: {}", where, e.getMessage());
      return;
    }
    add(new Entry(where, preview(letter)));
  }

  private static DeadLetter preview(DeadLetter letter) {
    String payload = letter.payload();
    if (payload == null || payload.getBytes(StandardCharsets.UTF_8).length <= PREVIEW_BYTES) {
      return letter;
    }
    String cut = payload.substring(0, Math.min(payload.length(), PREVIEW_BYTES));
    return new DeadLetter(
        letter.reason(),
        letter.detail(),
        cut,
        letter.payloadEncoding(),
        Boolean.TRUE,
        letter.source(),
        letter.rejectedAt(),
        letter.line());
  }

  private synchronized void add(Entry entry) {
    newestFirst.addFirst(entry);
    if (newestFirst.size() > capacity) {
      newestFirst.removeLast();
    }
  }

  /** Up to {@code limit} of the newest dead letters, newest first, optionally of one reason. */
  public synchronized List<Entry> newest(int limit, Optional<DeadLetterReason> reason) {
    List<Entry> result = new ArrayList<>(Math.min(limit, newestFirst.size()));
    for (Iterator<Entry> it = newestFirst.iterator(); it.hasNext() && result.size() < limit; ) {
      Entry entry = it.next();
      if (reason.isEmpty() || entry.deadLetter().reason() == reason.get()) {
        result.add(entry);
      }
    }
    return result;
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
