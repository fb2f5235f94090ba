package com.opsmon.launcher.cli;

import com.opsmon.launcher.bench.BenchReport;
import com.opsmon.launcher.bench.BenchSettings;
import com.opsmon.launcher.bench.Benchmark;
import com.opsmon.model.config.Durations;
import com.opsmon.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opsmon bench}: measure the monitor on this machine, against bare Flink. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the monitor on this machine with simulated events: bare Flink as a baseline, the",
      "whole pipeline, HTTP ingest, freshness, API throughput, peak RSS, and how state and heap",
      "grow with the catalogue. Prints a table and writes the same figures as JSON. The full run",
      "takes about 10 minutes; --quick about 2.5."
    })
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "A short run that still produces every figure.")
  boolean quick;

  @Option(
      names = "--skus",
      split = ",",
      description =
          "Catalogue sizes whose costs are compared, each on a fresh monitor (default 1000,2000;"
              + " --quick 100,1000). 10000 and more do not fit a 2 GiB heap.")
  List<Integer> skus;

  @Option(
      names = "--sku-time",
      description =
          "Simulated time fed at each catalogue size (default 3m). State grows with it until the"
              + " allowed lateness (1h) has passed the views.")
  String skuTime;

  @Option(
      names = "--out",
      defaultValue = "bench-results.json",
      description = "Where to write the figures as JSON (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("opsmon-bench-");
    try {
      BenchSettings settings = quick ? BenchSettings.quick(work) : BenchSettings.full(work);
      if (skus != null || skuTime != null) {
        settings =
            settings.withSkuScaling(
                skus != null ? skus : settings.skuCounts(),
                skuTime != null ? Durations.parse(skuTime) : settings.skuSimulated());
      }
      long started = System.nanoTime();
      BenchReport report =
          new Benchmark(settings, (format, args) -> progress(started, format, args)).run();
      System.out.print(report.table());
      Files.writeString(
          out, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
      System.out.println("figures written to " + out);
      return 0;
    } finally {
      deleteTree(work);
    }
  }

  /** A step, with the seconds since the run began: a long phase shows where its time went. */
  private static void progress(long started, String format, Object... args) {
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    System.err.printf("bench %4d s: %s%n", seconds, String.format(format, args));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
