package com.opsmon.launcher.cli;

import com.opsmon.detection.DetectorSettings;
import com.opsmon.detection.nab.NabRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opsmon nab}: run the anomaly detector over NAB-format series and score it. */
@Command(
    name = "nab",
    mixinStandardHelpOptions = true,
    description =
        "Run the anomaly detector over every CSV (timestamp,value) under a data directory, write"
            + " NAB results files and, given NAB's windows file, print the NAB scores.")
final class NabCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, description = "Directory of timestamp,value CSVs.")
  Path data;

  @Option(names = "--windows", description = "NAB labelled windows (combined_windows.json).")
  Path windows;

  @Option(names = "--out", required = true, description = "Directory for the results files.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(data)) {
      System.err.println("nab: not a directory: " + data);
      return 2;
    }
    if (windows != null && !Files.isReadable(windows)) {
      System.err.println("nab: cannot read " + windows);
      return 2;
    }
    NabRunner.Report report =
        new NabRunner(DetectorSettings.defaults()).run(data, Optional.ofNullable(windows), out);
    System.out.print(report.summary());
    return 0;
  }
}
