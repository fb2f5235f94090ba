package com.opsmon.launcher.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay's resends, against a real HTTP server on a free loopback port that answers with the
 * statuses a test queues: what the monitor could not store is sent again, what it refused is not.
 */
class ReplayerTest {
  @TempDir Path dir;
  private final Deque<Integer> statuses = new ArrayDeque<>();
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private URI monitor() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/v1/events",
        exchange -> {
          requests.incrementAndGet();
          exchange.getRequestBody().readAllBytes();
          int status;
          synchronized (statuses) {
            status = statuses.isEmpty() ? 202 : statuses.poll();
          }
          byte[] body =
              (status == 202 ? "{\"accepted\":2,\"rejected\":0}" : "{\"error\":\"no\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private Path twoEvents() throws IOException {
    return Files.write(
        dir.resolve("events.ndjson"),
        List.of(
            "{\"type\":\"order_created\",\"eventId\":\"a\"}",
            "{\"type\":\"order_created\",\"eventId\":\"b\"}"));
  }

  @Test
  void shouldSendABatchTheMonitorCouldNotStoreAgainUntilItIsStored() throws Exception {
    statuses.addAll(List.of(503, 429, 500));
    URI monitor = monitor();

    ReplaySummary summary =
        new Replayer(monitor, Optional.empty(), ReplaySpeed.MAX, 10)
            .replay(twoEvents(), (sent, read, total) -> {});

    assertThat(requests).hasValue(4);
    assertThat(summary.sent()).isEqualTo(2);
    assertThat(summary.accepted()).isEqualTo(2);
  }

  @Test
  void shouldStopOnABatchTheMonitorRefusesAndSayWhy() throws Exception {
    statuses.add(400);
    URI monitor = monitor();
    Replayer replayer = new Replayer(monitor, Optional.empty(), ReplaySpeed.MAX, 10);

    assertThatThrownBy(() -> replayer.replay(twoEvents(), (sent, read, total) -> {}))
        .hasMessageContaining("HTTP 400");
    assertThat(requests).hasValue(1);
  }
}
