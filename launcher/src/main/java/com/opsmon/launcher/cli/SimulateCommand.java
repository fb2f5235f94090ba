package com.opsmon.launcher.cli;

import com.opsmon.ingest.simulator.Incident;
import com.opsmon.ingest.simulator.IncidentPlan;
import com.opsmon.ingest.simulator.SimulationFile;
import com.opsmon.ingest.simulator.SimulationSettings;
import com.opsmon.model.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opsmon simulate}: write a deterministic simulated event file and its ground truth. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Write the simulated retailer's events to an NDJSON file (same seed and options, same bytes),",
      "and the incidents injected into it, with the KPIs they should move, to a ground-truth file."
    })
final class SimulateCommand implements Callable<Integer> {
  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--start",
      description = "Simulated start, ISO-8601 (default: the start of today, UTC).")
  Instant start;

  @Option(
      names = "--duration",
      defaultValue = "1d",
      description = "How much time to simulate (default ${DEFAULT-VALUE}).")
  String duration;

  @Option(
      names = "--rate",
      defaultValue = "200",
      description = "Average events per second over a day (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--skus",
      description =
          "SKUs the retailer sells (default ${DEFAULT-VALUE}, every one named); more adds"
              + " numbered items after the named ones, in the long tail of popularity.")
  int skus = SimulationSettings.STANDARD_SKUS;

  @Option(
      names = "--incidents",
      description =
          "Incident file (YAML, see docs/INGEST.md), or 'default' for the documented default day. None by default.")
  String incidents;

  @Option(names = "--out", required = true, description = "Where to write the events (NDJSON).")
  Path out;

  @Option(
      names = "--truth",
      required = true,
      description = "Where to write the ground truth (JSON).")
  Path truth;

  @Override
  public Integer call() throws Exception {
    Instant from = start != null ? start : Instant.now().truncatedTo(ChronoUnit.DAYS);
    Duration length = Durations.parse(duration);
    List<Incident> plan =
        incidents == null
            ? List.of()
            : incidents.equals("default")
                ? IncidentPlan.defaultDay(from)
                : IncidentPlan.load(Path.of(incidents), from);
    SimulationFile.Summary summary =
        SimulationFile.write(
            new SimulationSettings(seed, from, rate, plan, skus), length, out, truth);
    System.out.printf(
        "wrote %,d events from %s to %s into %s, and the %d incident(s) in that window into %s%n",
        summary.events(), summary.start(), summary.end(), out, summary.incidents(), truth);
    summary.countsByType().forEach((type, n) -> System.out.printf("  %-22s %,d%n", type, n));
    return 0;
  }
}
