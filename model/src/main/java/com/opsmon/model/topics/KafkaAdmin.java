package com.opsmon.model.topics;

import com.opsmon.model.config.Flags;
import com.opsmon.model.health.ComponentHealth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few cluster operations every service needs: make sure the topics exist with the settings the
 * registry gives them, and check the cluster answers.
 */
public final class KafkaAdmin implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaAdmin.class);

  /** Settings of topics outside the registry (tests, probes): the same time rules as the rest. */
  public static final Map<String, String> OTHER_TOPIC_CONFIG =
      Topics.stampedOnArrival(Topics.RETENTION);

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
   * Creates the registry's topics that do not exist yet, with their settings, and brings the
   * settings of those that exist in line (each change logged). Returns what differed: settings it
   * changed, and, as a warning, any it could not change.
   */
  public List<SettingDrift> ensureTopics(int partitions, short replication) {
    checkReplication(replication);
    return ensure(
        Topics.all().stream()
            .map(
                t ->
                    new NewTopic(t.name(), partitions, replication)
                        .configs(withMinInsync(t.config(), replication)))
            .toList());
  }

  /**
   * A write is acknowledged once all but one replica have it ({@code acks=all}): one broker may be
   * lost without losing an acknowledged record, and the topic stays writable meanwhile.
   */
  static Map<String, String> withMinInsync(Map<String, String> config, short replication) {
    Map<String, String> all = new LinkedHashMap<>(config);
    all.put("min.insync.replicas", String.valueOf(Math.max(1, replication - 1)));
    return all;
  }

  /**
   * Says clearly when the replication asked for does not fit the cluster: more than it has brokers
   * is refused; fewer than it could keep (RF 1 on three brokers) is a warning at start-up.
   */
  public int checkReplication(short replication) {
    int brokers = brokers();
    if (replication > brokers) {
      throw new IllegalStateException(
          "topics need replication "
              + replication
              + " but the cluster has "
              + brokers
              + " broker(s): lower --replication");
    }
    int advised = Math.min(3, brokers);
    if (replication < advised) {
      log.warn(
          "topics are created with replication factor {} on a {}-broker cluster: losing one"
              + " broker loses their data; use --replication {}",
          replication,
          brokers,
          advised);
    }
    return brokers;
  }

  private int brokers() {
    try {
      return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking Kafka for its brokers", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka does not answer: " + e.getMessage(), e);
    }
  }

  /** The same for topics outside the registry, with {@link #OTHER_TOPIC_CONFIG}. */
  public List<SettingDrift> ensureTopics(
      Collection<String> names, int partitions, short replication) {
    return ensure(
        names.stream()
            .map(n -> new NewTopic(n, partitions, replication).configs(OTHER_TOPIC_CONFIG))
            .toList());
  }

  /** A topic setting that differed from the registry's, and whether it was brought in line. */
  public record SettingDrift(
      String topic, String setting, String found, String wanted, boolean aligned) {
    @Override
    public String toString() {
      return topic + ": " + setting + " was " + found + ", the monitor needs " + wanted;
    }
  }

  private List<SettingDrift> ensure(List<NewTopic> topics) {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      return align(topics.stream().filter(t -> existing.contains(t.name())).toList());
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot create topics: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within 30 s while creating topics", e);
    }
  }

  /** Sets what differs on existing topics; a setting the cluster refuses stays a clear warning. */
  private List<SettingDrift> align(List<NewTopic> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (topics.isEmpty()) {
      return List.of();
    }
    Map<ConfigResource, NewTopic> byResource = new LinkedHashMap<>();
    topics.forEach(t -> byResource.put(new ConfigResource(ConfigResource.Type.TOPIC, t.name()), t));
    Map<ConfigResource, Config> actual =
        admin.describeConfigs(byResource.keySet()).all().get(30, TimeUnit.SECONDS);
    List<SettingDrift> drifts = new ArrayList<>();
    for (var entry : byResource.entrySet()) {
      drifts.addAll(align(entry.getKey(), entry.getValue(), actual.get(entry.getKey())));
    }
    return List.copyOf(drifts);
  }

  private List<SettingDrift> align(ConfigResource resource, NewTopic wanted, Config actual)
      throws InterruptedException, TimeoutException {
    List<SettingDrift> drifts = new ArrayList<>();
    for (var setting : wanted.configs().entrySet()) {
      ConfigEntry found = actual == null ? null : actual.get(setting.getKey());
      String value = found == null ? null : found.value();
      if (!setting.getValue().equals(value)) {
        drifts.add(
            new SettingDrift(wanted.name(), setting.getKey(), value, setting.getValue(), false));
      }
    }
    if (drifts.isEmpty()) {
      return drifts;
    }
    List<AlterConfigOp> changes =
        drifts.stream()
            .map(
                d ->
                    new AlterConfigOp(
                        new ConfigEntry(d.setting(), d.wanted()), AlterConfigOp.OpType.SET))
            .toList();
    try {
      admin.incrementalAlterConfigs(Map.of(resource, changes)).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      drifts.forEach(
          d ->
              log.warn(
                  "topic {}, and it could not be changed ({}): its records may be deleted or"
                      + " stamped other than the monitor expects",
                  d,
                  e.getCause().getMessage()));
      return drifts;
    }
    List<SettingDrift> aligned =
        drifts.stream()
            .map(d -> new SettingDrift(d.topic(), d.setting(), d.found(), d.wanted(), true))
            .toList();
    aligned.forEach(d -> log.warn("topic {}; brought in line", d));
    return aligned;
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
