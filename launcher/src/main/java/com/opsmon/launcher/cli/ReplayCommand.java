package com.opsmon.launcher.cli;

import com.opsmon.launcher.replay.ProgressBar;
import com.opsmon.launcher.replay.ReplaySpeed;
import com.opsmon.launcher.replay.ReplaySummary;
import com.opsmon.launcher.replay.Replayer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code opsmon replay FILE}: stream an NDJSON event file into a running monitor. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Stream an NDJSON event file into a running monitor, with a progress bar and a summary.")
final class ReplayCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "NDJSON file, one event per line (e.g. from 'opsmon simulate').")
  Path file;

  @Option(
      names = "--speed",
      defaultValue = "max",
      description =
          "max, or a factor of the events' own pace: 1x, 60x, ... (default ${DEFAULT-VALUE}).")
  String speed;

  @Option(
      names = "--url",
      defaultValue = "${env:OPSMON_URL:-http://127.0.0.1:8080}",
      description = "The monitor's API (default ${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--token",
      defaultValue = "${env:OPSMON_INGEST_TOKEN}",
      description = "Bearer token, when the monitor requires one.")
  String token;

  @Option(
      names = "--batch",
      defaultValue = "1000",
      description = "Events per request (default ${DEFAULT-VALUE}).")
  int batch;

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(file)) {
      System.err.println("replay: cannot read " + file);
      return 2;
    }
    Replayer replayer =
        new Replayer(
            url,
            Optional.ofNullable(token).filter(t -> !t.isBlank()),
            ReplaySpeed.parse(speed),
            batch);
    try {
      ReplaySummary summary =
          replayer.replay(file, new ProgressBar(System.err, System.console() != null));
      System.out.println(summary);
      return 0;
    } catch (IllegalStateException e) {
      System.err.println("replay: " + e.getMessage());
      return 1;
    }
  }
}
