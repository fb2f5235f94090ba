package com.opsmon.launcher;

import static org.awaitility.Awaitility.await;

import com.opsmon.embedded.EmbeddedQuestDb;
import com.opsmon.embedded.FreePorts;
import com.opsmon.store.KpiStores;
import com.opsmon.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A real QuestDB of the test's own that it can stop and start again where clients expect it. */
final class RestartableStore implements AutoCloseable {
  private final Path dir;
  private final int httpPort = FreePorts.next();
  private final int pgPort = FreePorts.next();
  private EmbeddedQuestDb questDb;

  RestartableStore(Path dir) {
    this.dir = dir;
    start();
  }

  StoreSettings settings() {
    return StoreSettings.questDb(
        "http://127.0.0.1:" + httpPort,
        "jdbc:postgresql://127.0.0.1:" + pgPort + "/qdb?sslmode=disable");
  }

  void start() {
    // the ports of the store just stopped may take a moment to be free again
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              questDb = EmbeddedQuestDb.start(dir, httpPort, pgPort, Map.of());
              return true;
            });
    KpiStores.prepare(settings());
  }

  void stop() {
    questDb.close();
    questDb = null;
  }

  @Override
  public void close() {
    if (questDb != null) {
      stop();
    }
  }
}
