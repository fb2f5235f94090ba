package com.opsmon.detection.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opsmon.detection.DetectorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabRunnerTest {
  private static final LocalDateTime START = LocalDateTime.of(2014, 4, 1, 0, 0);
  private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @TempDir Path dir;

  /** 1,000 five-minute rows of a gentle wave, with a jump at row 800. */
  private static List<String> rows() {
    List<String> rows = new ArrayList<>();
    rows.add("timestamp,value");
    for (int i = 0; i < 1000; i++) {
      double value = 10 + Math.sin(i / 7.0) + (i == 800 ? 25 : 0);
      rows.add(START.plusMinutes(5L * i).format(NAB) + "," + value);
    }
    return rows;
  }

  private Path data() throws IOException {
    Path data = dir.resolve("data");
    Files.createDirectories(data.resolve("realThings/deeper"));
    Files.write(data.resolve("realThings/spiky.csv"), rows());
    Files.write(data.resolve("realThings/deeper/quiet.csv"), rows().subList(0, 500));
    return data;
  }

  /** A window around the jump of {@code spiky.csv}, none in {@code quiet.csv}. */
  private Path windows() throws IOException {
    Path windows = dir.resolve("windows.json");
    Files.writeString(
        windows,
        "{\"realThings/spiky.csv\": [[\"2014-04-03 18:00:00.000000\", \"2014-04-03 20:00:00.000000\"]],"
            + " \"realThings/deeper/quiet.csv\": []}");
    return windows;
  }

  @Test
  void shouldWriteOneResultsFilePerSeriesWithInputTimestampsAndWindowLabels() throws IOException {
    Path windows = windows();
    Path out = dir.resolve("out");

    NabRunner.Report report =
        new NabRunner(DetectorSettings.defaults()).run(data(), Optional.of(windows), out);

    Path spiky = out.resolve("realThings/opsmon_spiky.csv");
    Path quiet = out.resolve("realThings/deeper/opsmon_quiet.csv");
    assertThat(report.series())
        .extracting(NabRunner.SeriesRun::output)
        .containsExactly(quiet, spiky);
    List<String> lines = Files.readAllLines(spiky);
    assertThat(lines).hasSize(1001);
    assertThat(lines.get(0)).isEqualTo("timestamp,value,anomaly_score,label");
    List<String> input = rows();
    for (int i = 1; i <= 1000; i++) {
      String[] cells = lines.get(i).split(",");
      assertThat(cells[0]).isEqualTo(input.get(i).split(",")[0]);
      assertThat(Double.parseDouble(cells[2])).isBetween(0.0, 1.0);
      // 2014-04-03 18:00 is row 792 and 20:00 is row 816 (5-minute rows from midnight on the 1st)
      int row = i - 1;
      assertThat(cells[3]).isEqualTo(row >= 792 && row <= 816 ? "1" : "0");
    }
    assertThat(report.scores())
        .extracting(p -> p.profile().name())
        .containsExactly("standard", "reward_low_FP_rate", "reward_low_FN_rate");
    assertThat(report.scores().get(0).files())
        .extracting(FileScore::name)
        .containsExactly("realThings/deeper/quiet.csv", "realThings/spiky.csv");
    assertThat(report.summary()).contains("standard", "realThings/spiky.csv");
  }

  @Test
  void shouldDetectTheJumpAtTheRowWhereItHappens() throws IOException {
    Path out = dir.resolve("out");

    new NabRunner(DetectorSettings.defaults()).run(data(), Optional.empty(), out);

    List<String> lines = Files.readAllLines(out.resolve("realThings/opsmon_spiky.csv"));
    int highest = 0;
    double best = -1;
    for (int i = 1; i < lines.size(); i++) {
      double score = Double.parseDouble(lines.get(i).split(",")[2]);
      assertThat(lines.get(i)).endsWith(",0");
      if (score > best) {
        best = score;
        highest = i - 1;
      }
    }
    assertThat(highest).isEqualTo(800);
    assertThat(best).isGreaterThanOrEqualTo(DetectorSettings.defaults().alertScore());
  }

  @Test
  void withoutWindowsFileThereAreNoScores() throws IOException {
    NabRunner.Report report =
        new NabRunner(DetectorSettings.defaults()).run(data(), Optional.empty(), dir.resolve("o"));

    assertThat(report.scores()).isEmpty();
    assertThat(report.series()).extracting(NabRunner.SeriesRun::windows).containsExactly(0, 0);
  }

  @Test
  void scoringTheResultsFilesItWroteGivesTheScoresOfTheRun() throws IOException {
    Path windows = windows();
    Path out = dir.resolve("out");
    NabRunner runner = new NabRunner(DetectorSettings.defaults());
    NabRunner.Report run = runner.run(data(), Optional.of(windows), out);

    NabRunner.Report scored = runner.score(out, windows);

    assertThat(scored.detector()).isEqualTo(NabRunner.DETECTOR_NAME);
    assertThat(scored.scores()).isEqualTo(run.scores());
    assertThat(scored.series())
        .extracting(NabRunner.SeriesRun::relativePath)
        .containsExactly("realThings/deeper/quiet.csv", "realThings/spiky.csv");
  }

  @Test
  void scoresAnotherDetectorsResultsByTheirColumnNames() throws IOException {
    Path results = dir.resolve("results/realThings");
    Files.createDirectories(results);
    List<String> lines = new ArrayList<>();
    // NAB's own results files: the profile columns follow, the score is not in third place
    lines.add("timestamp,anomaly_score,value,label,S(t)_standard");
    for (int i = 0; i < 1000; i++) {
      String time = START.plusMinutes(5L * i).format(NAB);
      lines.add(time + "," + (i == 795 || i == 300 ? "0.9" : "0.1") + ",10,0,0");
    }
    Files.write(results.resolve("other_spiky.csv"), lines);
    Files.write(dir.resolve("results/other_standard_scores.csv"), List.of("Detector,Profile"));
    Path windows = dir.resolve("windows.json");
    Files.writeString(
        windows,
        "{\"realThings/spiky.csv\": [[\"2014-04-03 18:00:00.000000\", \"2014-04-03 20:00:00.000000\"]]}");

    NabRunner.Report report =
        new NabRunner(DetectorSettings.defaults()).score(dir.resolve("results"), windows);

    assertThat(report.detector()).isEqualTo("other");
    FileScore standard = report.scores().get(0).files().get(0);
    assertThat(standard.name()).isEqualTo("realThings/spiky.csv");
    assertThat(standard.detectedWindows()).isEqualTo(1);
    assertThat(standard.falsePositives()).isEqualTo(1);
    assertThat(report.summary()).startsWith("other: 1 series (1 labelled windows)");
  }

  @Test
  void refusesAResultsFileWithoutAnAnomalyScoreColumn() throws IOException {
    Path results = dir.resolve("results/realThings");
    Files.createDirectories(results);
    Files.write(
        results.resolve("other_spiky.csv"), List.of("timestamp,value", "2014-04-01 00:00:00,1"));
    Path windows = dir.resolve("windows.json");
    Files.writeString(windows, "{}");

    assertThatThrownBy(
            () -> new NabRunner(DetectorSettings.defaults()).score(dir.resolve("results"), windows))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("anomaly_score");
  }

  @Test
  void refusesResultsOfNoSeriesTheWindowsName() throws IOException {
    Path out = dir.resolve("out");
    NabRunner runner = new NabRunner(DetectorSettings.defaults());
    runner.run(data(), Optional.empty(), out);
    Path windows = dir.resolve("other-windows.json");
    Files.writeString(windows, "{\"elsewhere/series.csv\": []}");

    assertThatThrownBy(() -> runner.score(out, windows))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no results file");
  }
}
