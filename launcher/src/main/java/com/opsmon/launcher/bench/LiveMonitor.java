package com.opsmon.launcher.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code opsmon up} in a JVM of its own, as a user starts it, for the live phase: its start is a
 * whole start (the JVM's included) and its peak RSS is the monitor's alone, whatever the bench did
 * before. Its output goes to {@code monitor.log} in its data directory.
 */
public final class LiveMonitor implements AutoCloseable {
  private static final String API_LINE = "Opsmon API: ";
  private static final String DEFAULT_HEAP = "-Xmx2g"; // as ./opsmon starts it

  private final Process process;
  private final URI apiUrl;
  private final Thread stopOnExit;

  private LiveMonitor(Process process, URI apiUrl, Thread stopOnExit) {
    this.process = process;
    this.apiUrl = apiUrl;
    this.stopOnExit = stopOnExit;
  }

  /**
   * Starts the monitor with the simulator at {@code rate} and {@code upArguments} of its own, and
   * returns once its API answers, or throws with the monitor's last words once {@code deadline} has
   * passed or it has exited.
   */
  static LiveMonitor start(
      Path dataDir, double rate, long seed, Duration deadline, List<String> upArguments)
      throws IOException, InterruptedException {
    Files.createDirectories(dataDir);
    Path log = dataDir.resolve("monitor.log");
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--api-port",
                "0",
                "--data-dir",
                dataDir.toString(),
                "--rate",
                String.valueOf(rate),
                "--seed",
                String.valueOf(seed)));
    arguments.addAll(upArguments);
    List<String> command = upCommand(List.of(), arguments);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    // a bench stopped with Ctrl-C must not leave a monitor running behind it
    Thread stopOnExit = new Thread(process::destroyForcibly, "bench-live-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    long giveUp = System.nanoTime() + deadline.toNanos();
    while (System.nanoTime() < giveUp && process.isAlive()) {
      Optional<URI> api = apiUrl(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
      if (api.isPresent()) {
        return new LiveMonitor(process, api.get(), stopOnExit);
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "the live monitor did not start within " + deadline + "; its log ends:\n" + tail(log));
  }

  /**
   * The command that runs {@code opsmon up} with {@code upArguments} in a JVM of its own, on this
   * JVM's classpath, with the options it inherits ({@link #jvmOptions}) and then {@code jvmOptions}
   * (a later {@code -Xmx} wins).
   */
  public static List<String> upCommand(List<String> jvmOptions, List<String> upArguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
    command.addAll(jvmOptions);
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), "com.opsmon.launcher.cli.OpsmonCli"));
    command.add("up");
    command.addAll(upArguments);
    return command;
  }

  /**
   * The options the monitor's JVM inherits from the bench's: the heap, the packages Flink needs
   * opened and the class-data archive ./opsmon gives every run, so the bench times the start a user
   * sees; not agents or recordings, which would collide with the bench's own.
   */
  static List<String> jvmOptions(List<String> benchOptions) {
    List<String> options = new ArrayList<>();
    for (String option : benchOptions) {
      if (option.startsWith("--add-opens")
          || option.startsWith("-Xmx")
          || option.startsWith("-Xms")
          || option.startsWith("-Djava.util.logging.manager=")
          || option.startsWith("-XX:SharedArchiveFile=")
          || option.startsWith("-Xlog:cds")) {
        options.add(option);
      }
    }
    if (options.stream().noneMatch(o -> o.startsWith("-Xmx"))) {
      options.add(0, DEFAULT_HEAP);
    }
    return options;
  }

  /** The API's address from the line {@code opsmon up} prints once it serves, once it is whole. */
  static Optional<URI> apiUrl(String output) {
    int at = output.indexOf(API_LINE);
    int end = at < 0 ? -1 : output.indexOf('\n', at);
    return end < 0
        ? Optional.empty()
        : Optional.of(URI.create(output.substring(at + API_LINE.length(), end).trim()));
  }

  URI apiUrl() {
    return apiUrl;
  }

  /** The monitor process's peak resident set size so far; empty off Linux. */
  OptionalLong peakRss() {
    return PeakRss.of(process.pid());
  }

  /**
   * Kills the monitor: what it leaves is deleted with the bench's work directory, and a graceful
   * stop would add seconds to every run for nothing measured.
   */
  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly().waitFor();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs, on a process already gone
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines =
        new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
