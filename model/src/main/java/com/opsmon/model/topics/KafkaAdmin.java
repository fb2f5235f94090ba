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
import org.apache.kafka.clients.admin.TopicDescription;
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
   * Checks {@code settings} against the cluster ({@link ReplicationCheck}: refused with a clear
   * message, or a warning logged once), creates the registry's topics that do not exist yet, with
   * their settings, and brings the settings of those that exist in line (each change logged).
   * Returns what differed: settings it changed, and, with a warning, those it cannot change (the
   * replica count of an existing topic, anything the cluster refuses).
   */
  public List<SettingDrift> ensureTopics(TopicSettings settings) {
    checkReplication(settings);
    return ensure(
        Topics.all().stream()
            .map(
                t ->
                    new NewTopic(t.name(), settings.partitions(), settings.replication())
                        .configs(withMinInsync(t.config(), settings.minInsync())))
            .toList());
  }

  /** {@link #ensureTopics(TopicSettings)} with the default {@code min.insync.replicas}. */
  public List<SettingDrift> ensureTopics(int partitions, short replication) {
    return ensureTopics(TopicSettings.of(partitions, replication));
  }

  static Map<String, String> withMinInsync(Map<String, String> config, int minInsync) {
    Map<String, String> all = new LinkedHashMap<>(config);
    all.put(TopicDrift.MIN_INSYNC, String.valueOf(minInsync));
    return all;
  }

  /**
   * Asks the cluster how many brokers it has and judges {@code settings} by that ({@link
   * ReplicationCheck}): throws with its message when refused, logs it when a warning. Returns the
   * broker count.
   */
  public int checkReplication(TopicSettings settings) {
    int brokers = brokers();
    ReplicationCheck.Verdict verdict = ReplicationCheck.check(brokers, settings);
    switch (verdict.outcome()) {
      case REFUSE -> throw new IllegalStateException(verdict.message());
      case WARN -> log.warn(verdict.message());
      case FINE -> {}
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

  /**
   * The same for topics outside the registry, with {@link #OTHER_TOPIC_CONFIG}, without the
   * replication check (tests and probes).
   */
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

    SettingDrift inLine() {
      return new SettingDrift(topic, setting, found, wanted, true);
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

  /** Sets what differs on existing topics; what it may not or cannot change stays a warning. */
  private List<SettingDrift> align(List<NewTopic> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (topics.isEmpty()) {
      return List.of();
    }
    Map<ConfigResource, NewTopic> byResource = new LinkedHashMap<>();
    topics.forEach(t -> byResource.put(new ConfigResource(ConfigResource.Type.TOPIC, t.name()), t));
    Map<ConfigResource, Config> actual =
        admin.describeConfigs(byResource.keySet()).all().get(30, TimeUnit.SECONDS);
    Map<String, TopicDescription> described =
        admin
            .describeTopics(topics.stream().map(NewTopic::name).toList())
            .allTopicNames()
            .get(30, TimeUnit.SECONDS);
    List<SettingDrift> drifts = new ArrayList<>();
    for (var entry : byResource.entrySet()) {
      NewTopic wanted = entry.getValue();
      int replicas =
          described.get(wanted.name()).partitions().stream()
              .mapToInt(p -> p.replicas().size())
              .min()
              .orElse(0);
      drifts.addAll(align(entry.getKey(), wanted, actual.get(entry.getKey()), replicas));
    }
    return List.copyOf(drifts);
  }

  private List<SettingDrift> align(
      ConfigResource resource, NewTopic wanted, Config actual, int replicas)
      throws InterruptedException, TimeoutException {
    Map<String, String> found = new LinkedHashMap<>();
    if (actual != null) {
      actual.entries().stream()
          .filter(e -> e.value() != null)
          .forEach(e -> found.put(e.name(), e.value()));
    }
    List<SettingDrift> drifts =
        TopicDrift.differences(
            wanted.name(), wanted.configs(), wanted.replicationFactor(), found, replicas);
    List<SettingDrift> kept =
        drifts.stream().filter(d -> !TopicDrift.changeable(d, replicas)).toList();
    kept.forEach(
        d ->
            log.warn(
                "topic {}; the monitor does not change this on an existing topic (replicas are"
                    + " moved with kafka-reassign-partitions, then min.insync.replicas set with"
                    + " kafka-configs)",
                d));
    List<SettingDrift> changes =
        drifts.stream().filter(d -> TopicDrift.changeable(d, replicas)).toList();
    if (changes.isEmpty()) {
      return drifts;
    }
    List<AlterConfigOp> ops =
        changes.stream()
            .map(
                d ->
                    new AlterConfigOp(
                        new ConfigEntry(d.setting(), d.wanted()), AlterConfigOp.OpType.SET))
            .toList();
    try {
      admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      changes.forEach(
          d ->
              log.warn(
                  "topic {}, and it could not be changed ({}): its records may be deleted or"
                      + " stamped other than the monitor expects",
                  d,
                  e.getCause().getMessage()));
      return drifts;
    }
    List<SettingDrift> result = new ArrayList<>(kept);
    changes.forEach(
        d -> {
          log.warn("topic {}; brought in line", d);
          result.add(d.inLine());
        });
    return List.copyOf(result);
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
   * [--replication 1] [--min-insync N]} ({@link TopicSettings#fromFlags}).
   */
  public static void main(String[] args) {
    Flags flags = Flags.parse(args);
    try (KafkaAdmin admin = new KafkaAdmin(flags.require("kafka-bootstrap"))) {
      admin.ensureTopics(TopicSettings.fromFlags(flags, 3));
    }
  }
}
