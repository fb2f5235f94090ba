package com.opsmon.model.topics;

import com.opsmon.model.config.Flags;
import com.opsmon.model.health.ComponentHealth;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The few cluster operations every service needs: make sure the topics exist, and check the cluster
 * answers.
 */
public final class KafkaAdmin implements AutoCloseable {
  private final Admin admin;

  public KafkaAdmin(String bootstrapServers) {
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
  }

  /**
   * Creates the registry's topics that do not exist yet, with their settings; existing topics are
   * left as they are.
   */
  public void ensureTopics(int partitions, short replication) {
    create(
        Topics.all().stream()
            .map(t -> new NewTopic(t.name(), partitions, replication).configs(t.config()))
            .toList());
  }

  public void ensureTopics(Collection<String> names, int partitions, short replication) {
    create(names.stream().map(n -> new NewTopic(n, partitions, replication)).toList());
  }

  private void create(List<NewTopic> topics) {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create topics: " + e.getCause().getMessage(), e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within 30 s while creating topics", e);
    }
  }

  public ComponentHealth health() {
    try {
      int brokers = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
      return brokers > 0
          ? ComponentHealth.up(brokers + " broker(s)")
          : ComponentHealth.down("no brokers");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ComponentHealth.down("interrupted");
    } catch (Exception e) {
      return ComponentHealth.down("Kafka does not answer: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    admin.close();
  }

  /**
   * Creates the monitor's topics: {@code --kafka-bootstrap HOST:PORT [--partitions 3]
   * [--replication 1]}.
   */
  public static void main(String[] args) {
    Flags flags = Flags.parse(args);
    try (KafkaAdmin admin = new KafkaAdmin(flags.require("kafka-bootstrap"))) {
      admin.ensureTopics(flags.getInt("partitions", 3), (short) flags.getInt("replication", 1));
    }
  }
}
