package com.opsmon.launcher.cli;

import com.opsmon.detection.DetectorSettings;
import com.opsmon.detection.nab.NabRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code opsmon nab}: run the anomaly detector over NAB-format series and score it, or score the
 * results files of any detector.
 */
@Command(
    name = "nab",
    mixinStandardHelpOptions = true,
    description =
        "Run the anomaly detector over every CSV (timestamp,value) under a data directory, write"
            + " NAB results files and, given NAB's windows file, print the NAB scores. With"
            + " --results instead of --data, score results files already written (by any"
            + " detector, e.g. NAB's own results/<detector> directories).")
final class NabCommand implements Callable<Integer> {
  @Option(names = "--data", description = "Directory of timestamp,value CSVs.")
  Path data;

  @Option(names = "--windows", description = "NAB labelled windows (combined_windows.json).")
  Path windows;

  @Option(names = "--out", description = "Directory for the results files (with --data).")
  Path out;

  @Option(
      names = "--results",
      description =
          "Directory of results files <category>/<detector>_<name>.csv to score (with --windows).")
  Path results;

  @Override
  public Integer call() throws Exception {
    if ((data == null) == (results == null)) {
      System.err.println("nab: give either --data (with --out) or --results (with --windows)");
      return 2;
    }
    Path input = data != null ? data : results;
    if (!Files.isDirectory(input)) {
      System.err.println("nab: not a directory: " + input);
      return 2;
    }
    if (windows != null && !Files.isReadable(windows)) {
      System.err.println("nab: cannot read " + windows);
      return 2;
    }
    NabRunner runner = new NabRunner(DetectorSettings.defaults());
    NabRunner.Report report;
    if (results != null) {
      if (windows == null) {
        System.err.println("nab: --results needs --windows");
        return 2;
      }
      try {
        report = runner.score(results, windows);
      } catch (IOException e) {
        System.err.println("nab: " + e.getMessage());
        return 2;
      }
    } else {
      if (out == null) {
        System.err.println("nab: --data needs --out");
        return 2;
      }
      report = runner.run(data, Optional.ofNullable(windows), out);
    }
    System.out.print(report.summary());
    return 0;
  }
}
