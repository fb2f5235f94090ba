package com.opsmon.ingest.publish;

import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes raw events and dead letters to Kafka with an idempotent, {@code acks=all} producer, and
 * returns only once Kafka has acknowledged every record: after {@link #publish} returns, the
 * records are durable. A publish that cannot succeed fails within about the timeout (at most the
 * timeout plus one send's block), however many records it holds.
 */
public final class EventPublisher implements AutoCloseable {
  /** A raw event as received, keyed by its entity id. */
  public record RawEvent(String key, byte[] payload) {}

  /** The longest one send may block on metadata or buffer space. */
  static final Duration MAX_BLOCK = Duration.ofSeconds(10);

  private final KafkaProducer<String, byte[]> producer;
  private final Duration timeout;

  public EventPublisher(String bootstrapServers, Duration timeout) {
    this.timeout = timeout;
    int deliveryMs = (int) Math.max(timeout.toMillis(), 1000);
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4",
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                (int) Math.min(timeout.toMillis(), MAX_BLOCK.toMillis()),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                deliveryMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Math.min(deliveryMs - 10, 30_000)),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /**
   * Sends everything, then waits for every acknowledgement until the timeout; throws if any record
   * is not durable, as soon as one is known to have failed.
   */
  public void publish(List<RawEvent> events, List<DeadLetter> deadLetters) throws PublishException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Future<RecordMetadata>> acks = new ArrayList<>(events.size() + deadLetters.size());
    try {
      for (RawEvent event : events) {
        acks.add(
            unlessFailed(
                producer.send(
                    new ProducerRecord<>(Topics.RAW_EVENTS.name(), event.key(), event.payload())),
                deadline));
      }
      for (DeadLetter letter : deadLetters) {
        byte[] value =
            Topics.DEAD_LETTERS
                .valueSerde()
                .serializer()
                .serialize(Topics.DEAD_LETTERS.name(), letter);
        acks.add(
            unlessFailed(
                producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, value)),
                deadline));
      }
      for (Future<RecordMetadata> ack : acks) {
        ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (ExecutionException e) {
      throw new PublishException(
          "Kafka did not store the events: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new PublishException("Kafka did not acknowledge the events within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException("interrupted while waiting for Kafka", e);
    } catch (RuntimeException e) {
      throw new PublishException("Kafka refused the events: " + e.getMessage(), e);
    }
  }

  /**
   * The send's acknowledgement, unless it already failed (a send that could not get metadata within
   * max.block.ms returns failed; every further one would block as long) or the time is up.
   */
  private static Future<RecordMetadata> unlessFailed(Future<RecordMetadata> ack, long deadline)
      throws ExecutionException, InterruptedException, TimeoutException {
    if (ack.isDone()) {
      ack.get();
    }
    if (System.nanoTime() - deadline > 0) {
      throw new TimeoutException();
    }
    return ack;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }

  /** Kafka did not acknowledge every record; the caller must not report them as accepted. */
  public static final class PublishException extends Exception {
    public PublishException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
