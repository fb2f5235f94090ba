package com.opsmon.embedded;

import io.questdb.ServerMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QuestDB running in this JVM on loopback: it accepts InfluxDB line protocol on {@code
 * /api/v2/write} (so the same {@code influxdb-client-java} writer serves it and InfluxDB) and
 * answers SQL on its PostgreSQL wire port. Data lives under the given directory and survives a
 * restart.
 */
public final class EmbeddedQuestDb implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedQuestDb.class);

  /** QuestDB logs on its own, not through slf4j: keep its errors in a file beside its data. */
  private static final String LOG_CONF =
      """
      writers=file
      w.file.class=io.questdb.log.LogRollingFileWriter
      w.file.location=%s/questdb.log.${date:yyyyMMdd}
      w.file.level=ERROR,CRITICAL
      w.file.rollEvery=day
      w.file.lifeDuration=7d
      w.file.rollSize=64m
      w.file.sizeLimit=256m
      """;

  private final ServerMain server;
  private final int httpPort;
  private final int pgPort;

  private EmbeddedQuestDb(ServerMain server, int httpPort, int pgPort) {
    this.server = server;
    this.httpPort = httpPort;
    this.pgPort = pgPort;
  }

  public static EmbeddedQuestDb start(Path rootDir) {
    return start(rootDir, FreePorts.next(), FreePorts.next(), Map.of());
  }

  /**
   * Starts on the given ports (a test restarts the store where its clients expect it) with QuestDB
   * settings of the caller's on top, as {@code QDB_*} names (e.g. {@code QDB_HTTP_USER}).
   */
  public static EmbeddedQuestDb start(
      Path rootDir, int httpPort, int pgPort, Map<String, String> settings) {
    try {
      Files.createDirectories(rootDir.resolve("conf"));
      Path logConf = rootDir.resolve("conf").resolve("log.conf");
      Path logDir = rootDir.resolve("log").toAbsolutePath();
      Files.createDirectories(logDir);
      // an absolute path: QuestDB reads this before it knows its root, so ${log.dir} would be the
      // working directory
      Files.writeString(logConf, LOG_CONF.formatted(logDir));
      // QuestDB reads its log configuration from the system property "out" before it knows its
      // root.
      System.setProperty("out", logConf.toAbsolutePath().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare QuestDB directory " + rootDir, e);
    }
    Map<String, String> env = new HashMap<>();
    env.put("QDB_HTTP_BIND_TO", "127.0.0.1:" + httpPort);
    env.put("QDB_PG_NET_BIND_TO", "127.0.0.1:" + pgPort);
    env.put("QDB_HTTP_MIN_ENABLED", "false");
    env.put("QDB_LINE_TCP_ENABLED", "false");
    env.put("QDB_LINE_UDP_ENABLED", "false");
    env.put("QDB_TELEMETRY_ENABLED", "false");
    env.put("QDB_SHARED_WORKER_COUNT", "2");
    env.put("QDB_METRICS_ENABLED", "false");
    env.putAll(settings);
    ServerMain server = ServerMain.create(rootDir.toAbsolutePath().toString(), env);
    server.start();
    server.awaitStartup();
    log.info(
        "QuestDB (in-process) HTTP on 127.0.0.1:{}, PostgreSQL wire on 127.0.0.1:{}",
        httpPort,
        pgPort);
    return new EmbeddedQuestDb(server, httpPort, pgPort);
  }

  public int httpPort() {
    return httpPort;
  }

  public int pgPort() {
    return pgPort;
  }

  /** Base URL for InfluxDB line-protocol writes ({@code /api/v2/write}) and the REST API. */
  public String httpUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** JDBC URL of the PostgreSQL wire endpoint (user {@code admin}, password {@code quest}). */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + pgPort + "/qdb?sslmode=disable";
  }

  @Override
  public void close() {
    server.close();
  }
}
