package com.opsmon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.opsmon.launcher.stack.StackConfig;
import com.opsmon.launcher.stack.StandaloneStack;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone monitor, started as {@code ./opsmon up} starts it, listens on loopback only: every
 * TCP socket this process listens on afterwards (Kafka, QuestDB, Flink, the API, and anything a
 * library opens on its own) is bound to a loopback address. Read from {@code /proc}; skipped where
 * there is none.
 */
class ListeningSocketsIT {
  @TempDir Path dataDir;

  @Test
  void shouldListenOnLoopbackOnly() throws Exception {
    assumeTrue(ListeningSockets.available(), "no /proc/self/net/tcp on this system");
    List<ListeningSockets.Listener> before = ListeningSockets.ofThisProcess();

    List<ListeningSockets.Listener> listening;
    int apiPort;
    try (StandaloneStack stack =
        StandaloneStack.start(StackConfig.builder(dataDir).apiPort(0).rate(0).build())) {
      apiPort = stack.apiUrl().getPort();
      listening = ListeningSockets.ofThisProcess();
    }
    listening.removeAll(before);
    System.out.println("the standalone listens on " + listening);

    assertThat(listening).extracting(ListeningSockets.Listener::port).contains(apiPort);
    // Kafka's broker and controller, QuestDB's HTTP and PostgreSQL ports, Flink's REST endpoint and
    // blob server, the API: a new one must be looked at and listed in docs/API.md ("Ports")
    assertThat(listening).as("listening sockets").hasSize(7);
    assertThat(listening).allSatisfy(l -> assertThat(l.loopback()).as(l.toString()).isTrue());
  }
}
