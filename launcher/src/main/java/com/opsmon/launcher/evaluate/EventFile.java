package com.opsmon.launcher.evaluate;

import com.opsmon.jobs.FiniteRun;
import com.opsmon.model.events.Event;
import com.opsmon.model.events.Events;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * An NDJSON file of events, read by the jobs as they go instead of held in memory: a simulated day
 * at the simulator's default rate is 16 million events, and held as a list three hours of it took 8
 * GB. Read once here to count each type's events; then each type's stream reads the file again, in
 * its order, parsing only its own events. Lines that are not events are skipped, and counted.
 */
final class EventFile implements FiniteRun.EventStreams {
  private final Path file;
  private final Map<Class<? extends Event>, Long> counts;
  private final long unreadable;
  private final Optional<Instant> newest;

  private EventFile(
      Path file,
      Map<Class<? extends Event>, Long> counts,
      long unreadable,
      Optional<Instant> newest) {
    this.file = file;
    this.counts = counts;
    this.unreadable = unreadable;
    this.newest = newest;
  }

  /** Reads {@code file} once: how many events of each record type, and the newest event time. */
  static EventFile read(Path file) throws IOException {
    Map<Class<? extends Event>, Long> counts = new HashMap<>();
    long unreadable = 0;
    Instant newest = null;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        Event event;
        try {
          event = Events.parse(line.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          unreadable++;
          continue;
        }
        counts.merge(event.getClass(), 1L, Long::sum);
        if (newest == null || event.occurredAt().isAfter(newest)) {
          newest = event.occurredAt();
        }
      }
    }
    return new EventFile(file, Map.copyOf(counts), unreadable, Optional.ofNullable(newest));
  }

  long events() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  long unreadable() {
    return unreadable;
  }

  /** The newest event time in the file; empty for a file without events. */
  Optional<Instant> newest() {
    return newest;
  }

  @Override
  public <T extends Event> DataStream<T> of(
      StreamExecutionEnvironment env, Class<T> type, String name) {
    long count =
        counts.entrySet().stream()
            .filter(c -> type.isAssignableFrom(c.getKey()))
            .mapToLong(Map.Entry::getValue)
            .sum();
    if (count == 0) {
      return FiniteRun.empty(env, type);
    }
    // one reader, so the generator is asked for the events in order, each once
    DataGeneratorSource<T> source =
        new DataGeneratorSource<>(
            new NextOfType<>(file.toString(), type), count, TypeInformation.of(type));
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), name).setParallelism(1);
  }

  /** The file's next event of one type, each time it is asked. */
  private static final class NextOfType<T extends Event> implements GeneratorFunction<Long, T> {
    private final String file;
    private final Class<T> type;
    private transient BufferedReader in;

    NextOfType(String file, Class<T> type) {
      this.file = file;
      this.type = type;
    }

    @Override
    public void open(SourceReaderContext context) throws IOException {
      in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
    }

    @Override
    public T map(Long index) throws IOException {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        byte[] json = line.getBytes(StandardCharsets.UTF_8);
        try {
          if (type.isAssignableFrom(Events.typeOf(json).recordType())) {
            return type.cast(Events.parse(json));
          }
        } catch (IllegalArgumentException e) {
          // not an event: counted when the file was first read
        }
      }
      throw new UncheckedIOException(
          new IOException(file + " has fewer " + type.getSimpleName() + "s than when first read"));
    }

    @Override
    public void close() throws IOException {
      if (in != null) {
        in.close();
      }
    }
  }
}
