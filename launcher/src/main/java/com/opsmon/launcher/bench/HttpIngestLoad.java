package com.opsmon.launcher.bench;

import com.opsmon.launcher.replay.ReplaySpeed;
import com.opsmon.launcher.replay.ReplaySummary;
import com.opsmon.launcher.replay.Replayer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * HTTP ingest with several clients at once, each the {@code opsmon replay} client at full speed on
 * a file of its own: the rate at which the monitor answers 202, which it does only once Kafka holds
 * the events.
 */
final class HttpIngestLoad {
  private static final int BATCH = 1_000;

  private HttpIngestLoad() {}

  static Throughput run(URI api, List<Path> clientFiles) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(clientFiles.size());
    try {
      long started = System.nanoTime();
      List<Future<ReplaySummary>> replays = new ArrayList<>();
      for (Path file : clientFiles) {
        replays.add(
            clients.submit(
                () ->
                    new Replayer(api, Optional.empty(), ReplaySpeed.parse("max"), BATCH)
                        .replay(file, (sent, read, total) -> {})));
      }
      long accepted = 0;
      for (Future<ReplaySummary> replay : replays) {
        ReplaySummary summary = replay.get();
        if (summary.rejected() > 0) {
          throw new IllegalStateException(
              "the monitor rejected simulated events: " + summary.rejectedByReason());
        }
        accepted += summary.accepted();
      }
      return new Throughput(accepted, Duration.ofNanos(System.nanoTime() - started));
    } finally {
      clients.shutdownNow();
    }
  }
}
