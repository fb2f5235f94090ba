package com.opsmon.launcher.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code opsmon}: run the monitor, generate simulated traffic, replay event files, benchmark the
 * anomaly detector on NAB, measure the monitor (bench).
 */
@Command(
    name = "opsmon",
    mixinStandardHelpOptions = true,
    version = "opsmon 0.1.0",
    description = "Streaming real-time operations monitor.",
    subcommands = {
      UpCommand.class,
      SimulateCommand.class,
      ReplayCommand.class,
      RulesCommand.class,
      EvaluateCommand.class,
      NabCommand.class,
      BenchCommand.class
    })
public final class OpsmonCli {
  public static void main(String[] args) {
    int exit =
        new CommandLine(new OpsmonCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    // a command that returned is done (up returns only once stopped); a thread some library left
    // behind must not keep the process alive: ./opsmon bench once stayed, spending a core's tenth
    System.exit(exit);
  }
}
