package com.opsmon.launcher.bench;

import com.opsmon.ingest.publish.EventPublisher.RawEvent;
import com.opsmon.ingest.simulator.RetailSimulator;
import com.opsmon.ingest.simulator.SimulationSettings;
import com.opsmon.model.json.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The simulated retailer's events for a stretch of time, as the benchmark feeds them. */
final class SimulatedLoad {
  private SimulatedLoad() {}

  /** Every event of {@code length} simulated from {@code start}, in event-time order. */
  static void generate(
      long seed, Instant start, Duration length, double rate, Consumer<RawEvent> out) {
    RetailSimulator simulator =
        new RetailSimulator(new SimulationSettings(seed, start, rate, List.of()));
    simulator.advanceTo(
        start.plus(length),
        event -> out.accept(new RawEvent(event.key(), Json.writeBytes(event.json()))));
  }

  static List<RawEvent> inMemory(long seed, Instant start, Duration length, double rate) {
    List<RawEvent> events = new ArrayList<>();
    generate(seed, start, length, rate, events::add);
    return events;
  }

  /**
   * The first {@code count} events simulated from {@code start}, dealt round-robin into {@code
   * files} NDJSON files, one per HTTP client.
   */
  static List<Path> ndjsonFiles(
      long seed, Instant start, double rate, int count, int files, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> paths = new ArrayList<>();
    List<OutputStream> outs = new ArrayList<>();
    try {
      for (int i = 0; i < files; i++) {
        Path path = dir.resolve("http-client-" + i + ".ndjson");
        paths.add(path);
        outs.add(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16));
      }
      RetailSimulator simulator =
          new RetailSimulator(new SimulationSettings(seed, start, rate, List.of()));
      long[] written = {0};
      Instant until = start;
      while (written[0] < count) {
        until = until.plus(Duration.ofMinutes(10));
        simulator.advanceTo(
            until,
            event -> {
              if (written[0] < count) {
                try {
                  OutputStream out = outs.get((int) (written[0] % files));
                  out.write(Json.writeBytes(event.json()));
                  out.write('\n');
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
                written[0]++;
              }
            });
      }
    } finally {
      for (OutputStream out : outs) {
        out.close();
      }
    }
    return paths;
  }
}
