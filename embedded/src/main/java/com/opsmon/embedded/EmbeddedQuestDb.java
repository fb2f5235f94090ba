package com.opsmon.embedded;

import io.questdb.ServerMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QuestDB running in this JVM on loopback: it accepts InfluxDB line protocol on {@code
 * /api/v2/write} (so the same {@code influxdb-client-java} writer serves it and InfluxDB) and
 * answers SQL on its PostgreSQL wire port. Data lives under the given directory and survives a
 * restart. Started with {@link Credentials}, both ports ask for them (HTTP basic authentication and
 * the PostgreSQL user), so another user of the machine, or a web page in its browser, can neither
 * read nor drop the data; without, QuestDB's defaults apply (user {@code admin}, password {@code
 * quest}, HTTP open), which tests use.
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

  /**
   * The one user both ports accept. {@link #generate} makes a fresh pair for each run, so nothing
   * anyone knows in advance opens the store.
   */
  public record Credentials(String user, String password) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public static Credentials generate() {
      byte[] secret = new byte[24];
      RANDOM.nextBytes(secret);
      return new Credentials(
          "opsmon", Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** Safe to log: the password is masked. */
    @Override
    public String toString() {
      return "Credentials[user " + user + ", password ****]";
    }
  }

  private final ServerMain server;
  private final int httpPort;
  private final int pgPort;
  private final Optional<Credentials> credentials;

  private EmbeddedQuestDb(
      ServerMain server, int httpPort, int pgPort, Optional<Credentials> credentials) {
    this.server = server;
    this.httpPort = httpPort;
    this.pgPort = pgPort;
    this.credentials = credentials;
  }

  /** On free ports with QuestDB's default user and open HTTP: for tests. */
  public static EmbeddedQuestDb start(Path rootDir) {
    return start(rootDir, FreePorts.next(), FreePorts.next(), Map.of());
  }

  /** On free ports, both of them asking for these credentials. */
  public static EmbeddedQuestDb start(Path rootDir, Credentials credentials) {
    return start(
        rootDir,
        FreePorts.next(),
        FreePorts.next(),
        Map.of(
            "QDB_HTTP_USER", credentials.user(),
            "QDB_HTTP_PASSWORD", credentials.password(),
            "QDB_PG_USER", credentials.user(),
            "QDB_PG_PASSWORD", credentials.password()),
        Optional.of(credentials));
  }

  /**
   * Starts on the given ports (a test restarts the store where its clients expect it) with QuestDB
   * settings of the caller's on top, as {@code QDB_*} names (e.g. {@code QDB_HTTP_USER}).
   */
  public static EmbeddedQuestDb start(
      Path rootDir, int httpPort, int pgPort, Map<String, String> settings) {
    return start(rootDir, httpPort, pgPort, settings, Optional.empty());
  }

  private static EmbeddedQuestDb start(
      Path rootDir,
      int httpPort,
      int pgPort,
      Map<String, String> settings,
      Optional<Credentials> credentials) {
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
    // nothing but the two ports above: no read-only PostgreSQL user, no other listener
    env.put("QDB_PG_READONLY_USER_ENABLED", "false");
    env.putAll(settings);
    ServerMain server = ServerMain.create(rootDir.toAbsolutePath().toString(), env);
    server.start();
    server.awaitStartup();
    log.info(
        "QuestDB (in-process) HTTP on 127.0.0.1:{}, PostgreSQL wire on 127.0.0.1:{}, {}",
        httpPort,
        pgPort,
        credentials.map(c -> "user " + c.user() + " with a generated password").orElse("open"));
    return new EmbeddedQuestDb(server, httpPort, pgPort, credentials);
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

  /** The credentials both ports ask for; empty when QuestDB's defaults apply. */
  public Optional<Credentials> credentials() {
    return credentials;
  }

  /** JDBC URL of the PostgreSQL wire endpoint (the user of {@link #credentials}). */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + pgPort + "/qdb?sslmode=disable";
  }

  @Override
  public void close() {
    server.close();
  }
}
