package com.opsmon.api.alerts;

import com.opsmon.model.alerts.AckCommand;
import com.opsmon.model.alerts.Silence;
import com.opsmon.model.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes what people decide (acknowledgements, silences) to the topics the alerting app reads:
 * the API and the alerting app share no channel but Kafka. Each call returns once Kafka has it.
 */
public interface AlertCommands extends AutoCloseable {
  void ack(AckCommand ack);

  void silence(Silence silence);

  @Override
  default void close() {}

  /** The acks and silences topics of a Kafka cluster. */
  static AlertCommands kafka(String bootstrap) {
    Duration timeout = Duration.ofSeconds(15);
    KafkaProducer<String, Object> producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis() - 1000),
            new StringSerializer(),
            new Serializer<Object>() {
              @Override
              public byte[] serialize(String topic, Object data) {
                return data instanceof Silence s
                    ? Topics.SILENCES.valueSerde().serializer().serialize(topic, s)
                    : Topics.ALERT_ACKS
                        .valueSerde()
                        .serializer()
                        .serialize(topic, (AckCommand) data);
              }
            });
    return new AlertCommands() {
      @Override
      public void ack(AckCommand ack) {
        send(new ProducerRecord<>(Topics.ALERT_ACKS.name(), ack.fingerprint(), ack));
      }

      @Override
      public void silence(Silence silence) {
        send(new ProducerRecord<>(Topics.SILENCES.name(), silence.id(), silence));
      }

      private void send(ProducerRecord<String, Object> record) {
        try {
          producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while publishing to " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
          throw new KafkaUnavailable("Kafka did not take it: " + e.getMessage(), e);
        }
      }

      @Override
      public void close() {
        producer.close(Duration.ofSeconds(5));
      }
    };
  }

  /** Kafka did not acknowledge in time: nothing is known to be published. */
  final class KafkaUnavailable extends RuntimeException {
    public KafkaUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
