package com.opsmon.ingest.simulator;

import com.opsmon.model.json.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes a simulation to files: the events as NDJSON (one compact JSON object per line, in event
 * time order, UTF-8, {@code \n} line ends), ready for {@code opsmon replay}, and the ground truth
 * of the incidents that fall into the simulated window as JSON. The same settings write the same
 * bytes.
 */
public final class SimulationFile {
  private SimulationFile() {}

  /**
   * What was written.
   *
   * @param countsByType events per type wire name
   * @param end exclusive: the simulation covered [start, end)
   * @param incidents how many incidents overlap the simulated window (those in the truth file)
   */
  public record Summary(
      long events,
      SortedMap<String, Long> countsByType,
      Instant start,
      Instant end,
      int incidents) {
    public Summary {
      countsByType = Collections.unmodifiableSortedMap(new TreeMap<>(countsByType));
    }
  }

  public static Summary write(
      SimulationSettings settings, Duration duration, Path eventsOut, Path truthOut)
      throws IOException {
    Instant end = settings.start().plus(duration);
    TreeMap<String, Long> counts = new TreeMap<>();
    long[] total = {0};
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(eventsOut), 1 << 16)) {
      new RetailSimulator(settings)
          .advanceTo(
              end,
              event -> {
                try {
                  out.write(Json.writeBytes(event.json()));
                  out.write('\n');
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                counts.merge(event.json().get("type").textValue(), 1L, Long::sum);
                total[0]++;
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    List<Incident> injected =
        settings.incidents().stream()
            .filter(i -> i.start().isBefore(end) && i.end().isAfter(settings.start()))
            .toList();
    byte[] truth = Json.writeBytes(GroundTruth.of(injected));
    try (OutputStream out = Files.newOutputStream(truthOut)) {
      out.write(truth);
      out.write('\n');
    }
    return new Summary(total[0], counts, settings.start(), end, injected.size());
  }
}
