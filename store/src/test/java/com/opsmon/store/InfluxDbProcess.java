package com.opsmon.store;

import com.opsmon.embedded.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real InfluxDB server ({@code influxd}, Debian's package, which {@code .ci/run} installs)
 * started for a test on loopback ports with its data in a temporary directory.
 */
public final class InfluxDbProcess implements AutoCloseable {
  public static final Path INFLUXD = Path.of("/usr/bin/influxd");

  private final Process process;
  private final String url;
  private final HttpClient http = HttpClient.newHttpClient();

  private InfluxDbProcess(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  public static boolean available() {
    return Files.isExecutable(INFLUXD);
  }

  public static InfluxDbProcess start(Path dir) throws IOException, InterruptedException {
    int httpPort = FreePorts.next();
    int rpcPort = FreePorts.next();
    Path config = dir.resolve("influxdb.conf");
    Files.writeString(
        config,
        """
        reporting-disabled = true
        bind-address = "127.0.0.1:%d"
        [meta]
          dir = "%s/meta"
        [data]
          dir = "%s/data"
          wal-dir = "%s/wal"
          query-log-enabled = false
        [http]
          enabled = true
          bind-address = "127.0.0.1:%d"
          log-enabled = false
          auth-enabled = false
        [monitor]
          store-enabled = false
        """
            .formatted(rpcPort, dir, dir, dir, httpPort));
    Process process =
        new ProcessBuilder(INFLUXD.toString(), "-config", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("influxd.log").toFile())
            .start();
    InfluxDbProcess influx = new InfluxDbProcess(process, "http://127.0.0.1:" + httpPort);
    influx.awaitPing(Duration.ofSeconds(30));
    return influx;
  }

  public String url() {
    return url;
  }

  public void createDatabase(String name) throws IOException, InterruptedException {
    post(
        "/query?q=" + URLEncoder.encode("CREATE DATABASE \"" + name + "\"", StandardCharsets.UTF_8),
        "");
  }

  /** Writes line protocol through the 1.x endpoint, which every InfluxDB version keeps. */
  public void writeV1(String database, String lines) throws IOException, InterruptedException {
    post("/write?precision=ms&db=" + database, lines);
  }

  private void post(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("InfluxDB answered " + response.statusCode() + ": " + response.body());
    }
  }

  private void awaitPing(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("influxd exited with " + process.exitValue());
      }
      try {
        HttpResponse<Void> ping =
            http.send(
                HttpRequest.newBuilder(URI.create(url + "/ping")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (ping.statusCode() == 204) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.onSpinWait();
    }
    close();
    throw new IllegalStateException("influxd did not answer /ping within " + timeout);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
