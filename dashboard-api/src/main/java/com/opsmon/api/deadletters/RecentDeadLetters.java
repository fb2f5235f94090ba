package com.opsmon.api.deadletters;

import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.topics.Topics;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest dead letters, kept in memory for {@code GET /api/v1/dlq}: a consumer tails the
 * dead-letter topic (starting {@code capacity} records before its end) and keeps the last {@code
 * capacity}. The topic stays the record of truth; this is a window onto it.
 */
public final class RecentDeadLetters implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RecentDeadLetters.class);

  /** A dead letter with where it lies in the topic. */
  public record Entry(String partitionOffset, DeadLetter deadLetter) {}

  private final int capacity;
  private final KafkaConsumer<String, DeadLetter> consumer;
  private final Deque<Entry> newestFirst = new ArrayDeque<>();
  private final AtomicBoolean running = new AtomicBoolean(true);

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
            Topics.DEAD_LETTERS.keySerde().deserializer(),
            Topics.DEAD_LETTERS.valueSerde().deserializer());
  }

  /** Starts tailing on a daemon thread. */
  public RecentDeadLetters start() {
    Thread thread = new Thread(this, "recent-dead-letters");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  @Override
  public void run() {
    try {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.DEAD_LETTERS.name(), Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
      partitions.forEach(p -> consumer.seek(p, Math.max(begins.get(p), ends.get(p) - capacity)));
      while (running.get()) {
        for (ConsumerRecord<String, DeadLetter> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.value() != null) {
            add(new Entry(record.partition() + ":" + record.offset(), record.value()));
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.warn("stopped tailing the dead letters: {}", e.toString());
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
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

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
  }
}
