package com.opsmon.api.deadletters;

import com.opsmon.api.topics.TopicTail;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.json.Json;
import com.opsmon.model.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest dead letters, kept in memory for {@code GET /api/v1/dlq}: a consumer tails the
 * dead-letter topic (starting {@code capacity} records before its end) and keeps the last {@code
 * capacity}, each with at most {@link #PREVIEW_BYTES} of its payload. The topic stays the record of
 * truth; this is a window onto it. The tail survives Kafka being away and records it cannot read.
 */
public final class RecentDeadLetters implements AutoCloseable {
  /** Enough to recognise a payload; the whole one is on the topic. */
  static final int PREVIEW_BYTES = 2048;

  private static final Logger log = LoggerFactory.getLogger(RecentDeadLetters.class);

  /** A dead letter with where it lies in the topic. */
  public record Entry(String partitionOffset, DeadLetter deadLetter) {}

  private final int capacity;
  private final TopicTail tail;
  private final Deque<Entry> newestFirst = new ArrayDeque<>();

  public RecentDeadLetters(String bootstrapServers, int capacity) {
    this.capacity = capacity;
    this.tail =
        new TopicTail(
            bootstrapServers,
            List.of(Topics.DEAD_LETTERS.name()),
            "recent-dead-letters",
            TopicTail.From.last(capacity),
            this::keep);
  }

  /** Starts tailing on a daemon thread. */
  public RecentDeadLetters start() {
    tail.start();
    return this;
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

  @Override
  public void close() {
    tail.close();
  }
}
