package com.opsmon.detection.nab;

import com.opsmon.detection.AnomalyDetector;
import com.opsmon.detection.DetectorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Runs the detector over every {@code .csv} under a data directory, one fresh detector per series
 * fed row by row, writes NAB results files ({@code OUT/<category>/opsmon_<name>.csv}) and, given
 * NAB's windows file, scores the series it labels under the three NAB profiles. It also scores
 * results files any detector wrote ({@link #score}), which is how the scorer is checked against
 * NAB's published figures.
 */
public final class NabRunner {
  /** The detector's name in results files, as NAB names its detectors' outputs. */
  public static final String DETECTOR_NAME = "opsmon";

  private final DetectorSettings settings;
  private final NabScorer scorer;

  public NabRunner(DetectorSettings settings) {
    this(settings, new NabScorer());
  }

  public NabRunner(DetectorSettings settings, NabScorer scorer) {
    this.settings = settings;
    this.scorer = scorer;
  }

  /** One series run: where it came from and where its results went. */
  public record SeriesRun(String relativePath, Path output, int rows, int windows) {}

  /**
   * What a run did, and its NAB scores when a windows file was given (else empty).
   *
   * @param detector whose scores these are: {@link #DETECTOR_NAME}, or the one named in scored
   *     results files
   */
  public record Report(
      String detector, Path outDir, List<SeriesRun> series, List<ProfileScore> scores) {
    public Report {
      series = List.copyOf(series);
      scores = List.copyOf(scores);
    }

    /** A human-readable summary: the three profiles, then each scored series (standard). */
    public String summary() {
      StringBuilder out = new StringBuilder();
      int windows = series.stream().mapToInt(SeriesRun::windows).sum();
      out.append(
          String.format(
              Locale.ROOT,
              "%s: %d series (%d labelled windows), results in %s%n",
              detector,
              series.size(),
              windows,
              outDir));
      if (scores.isEmpty()) {
        return out.toString();
      }
      out.append(
          String.format(
              Locale.ROOT,
              "%-20s %10s %10s %10s %10s%n",
              "profile",
              "threshold",
              "raw",
              "null",
              "normalised"));
      for (ProfileScore p : scores) {
        out.append(
            String.format(
                Locale.ROOT,
                "%-20s %10.5f %10.3f %10.3f %10.2f%n",
                p.profile().name(),
                p.threshold(),
                p.raw(),
                p.nullScore(),
                p.normalised()));
      }
      ProfileScore standard = scores.get(0);
      out.append(
          String.format(
              Locale.ROOT,
              "%n%s profile, per series: raw score, windows detected/labelled, false"
                  + " positives%n",
              standard.profile().name()));
      for (FileScore f : standard.files()) {
        out.append(
            String.format(
                Locale.ROOT,
                "  %-58s %7.3f  %d/%d  %d%n",
                f.name(),
                f.score(),
                f.detectedWindows(),
                f.detectedWindows() + f.missedWindows(),
                f.falsePositives()));
      }
      return out.toString();
    }
  }

  public Report run(Path dataDir, Optional<Path> windowsFile, Path outDir) throws IOException {
    NabWindows windows = windowsFile.isPresent() ? NabWindows.read(windowsFile.get()) : null;
    List<Path> files = csvFiles(dataDir);
    List<SeriesRun> runs = new ArrayList<>();
    List<ScoredSeries> scored = new ArrayList<>();
    for (Path file : files) {
      String relative = dataDir.relativize(file).toString().replace('\\', '/');
      NabCsv.Series series = NabCsv.read(file);
      double[] scores = detect(series, settings);
      List<RowWindow> rowWindows = List.of();
      if (windows != null) {
        Optional<List<NabWindows.TimeWindow>> labelled = windows.of(relative);
        if (labelled.isPresent()) {
          rowWindows = NabWindows.toRows(labelled.get(), series.epochMillis());
          scored.add(new ScoredSeries(relative, scores, rowWindows));
        }
      }
      Path output = outDir.resolve(outputPath(relative));
      NabCsv.writeResults(output, series, scores, labels(series.size(), rowWindows));
      runs.add(new SeriesRun(relative, output, series.size(), rowWindows.size()));
    }
    List<ProfileScore> scores =
        windows == null ? List.of() : scorer.evaluate(scored, CostProfile.all());
    return new Report(DETECTOR_NAME, outDir, runs, scores);
  }

  /**
   * Scores results files already written, by this detector or any other: every {@code
   * <category>/<detector>_<name>.csv} under {@code resultsDir} with a {@code timestamp} and an
   * {@code anomaly_score} column, against the windows of {@code <category>/<name>.csv}. Files the
   * windows do not name are listed but not scored; files outside a category folder are skipped.
   *
   * @throws IOException also when no file is for a series the windows name (a wrong directory)
   */
  public Report score(Path resultsDir, Path windowsFile) throws IOException {
    NabWindows windows = NabWindows.read(windowsFile);
    List<SeriesRun> runs = new ArrayList<>();
    List<ScoredSeries> scored = new ArrayList<>();
    Set<String> detectors = new TreeSet<>();
    for (Path file : csvFiles(resultsDir)) {
      String relative = resultsDir.relativize(file).toString().replace('\\', '/');
      int slash = relative.lastIndexOf('/');
      if (slash < 0) {
        // NAB keeps its summaries (<detector>_<profile>_scores.csv) beside the category folders
        continue;
      }
      int prefix = relative.indexOf('_', slash + 1);
      if (prefix < 0) {
        throw new IOException(file + ": not named <detector>_<series>.csv");
      }
      detectors.add(relative.substring(slash + 1, prefix));
      String series = relative.substring(0, slash + 1) + relative.substring(prefix + 1);
      NabCsv.Results results = NabCsv.readResults(file);
      List<RowWindow> rowWindows = List.of();
      Optional<List<NabWindows.TimeWindow>> labelled = windows.of(series);
      if (labelled.isPresent()) {
        rowWindows = NabWindows.toRows(labelled.get(), results.epochMillis());
        scored.add(new ScoredSeries(series, results.scores(), rowWindows));
      }
      runs.add(new SeriesRun(series, file, results.scores().length, rowWindows.size()));
    }
    if (scored.isEmpty()) {
      throw new IOException(
          "no results file under " + resultsDir + " is for a series of " + windowsFile);
    }
    return new Report(
        String.join("+", detectors), resultsDir, runs, scorer.evaluate(scored, CostProfile.all()));
  }

  private static List<Path> csvFiles(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".csv"))
          .sorted()
          .toList();
    }
  }

  /** Feeds a whole series to a fresh detector, oldest row first; returns the score of each row. */
  public static double[] detect(NabCsv.Series series, DetectorSettings settings) {
    AnomalyDetector detector = new AnomalyDetector(settings);
    double[] scores = new double[series.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = detector.update(series.epochMillis()[i], series.values()[i]).score();
    }
    return scores;
  }

  /** {@code category/name.csv} → {@code category/opsmon_name.csv}. */
  static String outputPath(String relative) {
    int slash = relative.lastIndexOf('/');
    return relative.substring(0, slash + 1) + DETECTOR_NAME + "_" + relative.substring(slash + 1);
  }

  private static int[] labels(int rows, List<RowWindow> windows) {
    int[] labels = new int[rows];
    for (RowWindow w : windows) {
      for (int i = w.first(); i <= w.last(); i++) {
        labels[i] = 1;
      }
    }
    return labels;
  }
}
