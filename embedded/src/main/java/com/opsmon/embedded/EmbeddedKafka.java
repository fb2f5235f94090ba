package com.opsmon.embedded;

import com.opsmon.model.topics.KafkaAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), running in this
 * JVM and listening on 127.0.0.1 only. Any Kafka client can use it. Its log directory survives a
 * restart, so a standalone monitor keeps its topics and events.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final int NODE_ID = 1;

  /**
   * Broker settings under which retention runs at start and every half second (instead of after 30
   * s and every 5 min): a test sees at once what retention would delete.
   */
  public static final Map<String, String> PROMPT_RETENTION =
      Map.of("log.initial.task.delay.ms", "0", "log.retention.check.interval.ms", "500");

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private boolean closed;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /** Formats {@code logDir} if it is new, starts the broker and waits until it answers. */
  public static EmbeddedKafka start(Path logDir) {
    return start(logDir, Map.of());
  }

  /**
   * The same with broker settings of the caller's on top (tests shorten {@code
   * log.retention.check.interval.ms} to see at once what retention would delete).
   */
  public static EmbeddedKafka start(Path logDir, Map<String, String> brokerSettings) {
    return start(logDir, FreePorts.next(), FreePorts.next(), brokerSettings);
  }

  /** On the given ports: a test restarts the broker where its clients expect it. */
  public static EmbeddedKafka start(
      Path logDir, int brokerPort, int controllerPort, Map<String, String> brokerSettings) {
    String metadataDir = logDir.resolve("kraft").toAbsolutePath().toString();
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", metadataDir);
    props.put("num.partitions", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    // The log cleaner reserves 128 MiB by default; an in-process broker shares its heap with
    // everything else.
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    props.putAll(brokerSettings);

    try {
      Files.createDirectories(Path.of(metadataDir));
      if (!Files.exists(Path.of(metadataDir, "meta.properties"))) {
        format(metadataDir);
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka log directory " + metadataDir, e);
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    EmbeddedKafka kafka = new EmbeddedKafka(server, "127.0.0.1:" + brokerPort);
    kafka.awaitReady(Duration.ofSeconds(60));
    log.info("Kafka broker (KRaft, in-process) listening on {}", kafka.bootstrapServers);
    return kafka;
  }

  private static void format(String metadataDir) throws Exception {
    new Formatter()
        .setClusterId(Uuid.randomUuid().toString())
        .setNodeId(NODE_ID)
        .addDirectory(metadataDir)
        .setMetadataLogDirectory(metadataDir)
        .setControllerListenerName("CONTROLLER")
        .setReleaseVersion(MetadataVersion.latestProduction())
        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
        .setUnstableFeatureVersionsEnabled(false)
        .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
        .run();
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Creates the monitor's topics (the registry in {@code Topics}) with their settings. */
  public void createMonitorTopics(int partitions) {
    try (KafkaAdmin admin = new KafkaAdmin(bootstrapServers)) {
      admin.ensureTopics(partitions, (short) 1);
    }
  }

  /** Creates the topics that do not exist yet, with the given partitions and replication 1. */
  public void createTopics(Collection<String> names, int partitions) {
    try (KafkaAdmin admin = new KafkaAdmin(bootstrapServers)) {
      admin.ensureTopics(names, partitions, (short) 1);
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try (Admin admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                  AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000",
                  AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"))) {
        if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
    }
    close();
    throw new IllegalStateException("Kafka broker did not become ready within " + timeout, last);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
  }
}
