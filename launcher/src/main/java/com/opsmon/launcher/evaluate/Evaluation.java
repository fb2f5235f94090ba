package com.opsmon.launcher.evaluate;

import com.opsmon.ingest.simulator.GroundTruth;
import com.opsmon.jobs.FiniteRun;
import com.opsmon.jobs.Pipelines;
import com.opsmon.jobs.StreamJobsConfig;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.json.Json;
import com.opsmon.model.rules.PublishedRules;
import com.opsmon.model.rules.RuleSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Runs the jobs and rules over an event file and scores the alerts against its ground truth. */
public final class Evaluation {
  private Evaluation() {}

  public static Scorecard run(
      Path eventsFile, Path truthFile, RuleSet rules, Duration outOfOrderness, PrintStream progress)
      throws Exception {
    EventFile events = EventFile.read(eventsFile);
    progress.printf(
        "read %,d events (%,d lines not events, skipped); running the jobs and %d rules...%n",
        events.events(), events.unreadable(), rules.rules().size());
    GroundTruth truth = Json.read(Files.readAllBytes(truthFile), GroundTruth.class);
    List<AlertSignal> alerts =
        FiniteRun.run(
                events,
                List.of(PublishedRules.of(rules, Instant.EPOCH, "evaluate")),
                outOfOrderness,
                new Pipelines.Settings(StreamJobsConfig.DEFAULT_ALLOWED_LATENESS),
                FiniteRun.KeptKpis.NONE,
                FiniteRun.EventTime.PERIODIC)
            .alerts();
    Instant end = events.newest().orElse(Instant.MAX);
    // at the end of the file event time jumps to the end of time: what starts after it is not real
    List<AlertSignal> within = alerts.stream().filter(a -> !a.startsAt().isAfter(end)).toList();
    return Scorecard.score(truth, within);
  }

  public static void print(Scorecard card, PrintStream out) throws IOException {
    out.println("incidents:");
    for (Scorecard.Detection d : card.incidents()) {
      GroundTruth.Entry i = d.incident();
      out.printf(
          "  %-20s %-40s %s .. %s  %s%n",
          i.kind(),
          i.scope(),
          i.start(),
          i.end(),
          d.alert()
              .map(
                  a ->
                      "detected by "
                          + a.rule()
                          + " "
                          + a.labels()
                          + " after "
                          + d.timeToDetect().orElseThrow())
              .orElse("MISSED"));
    }
    out.printf("false pages: %d%n", card.falsePages().size());
    for (AlertSignal a : card.falsePages()) {
      out.printf("  %s %s %s: %s%n", a.startsAt(), a.rule(), a.labels(), a.summary());
    }
    out.printf(
        "detected %d of %d incidents; %d false pages; median time to detect %s%n",
        card.detected(),
        card.incidents().size(),
        card.falsePages().size(),
        card.medianTimeToDetect().map(Duration::toString).orElse("-"));
  }
}
