package com.opsmon.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NabCommandTest {
  private static final DateTimeFormatter NAB_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @TempDir Path dir;

  /** {@code data/artificial/flat.csv}: 400 five-minute rows of one value. */
  private void writeFlatSeries() throws IOException {
    Path data = dir.resolve("data/artificial");
    Files.createDirectories(data);
    List<String> rows = new ArrayList<>(List.of("timestamp,value"));
    LocalDateTime start = LocalDateTime.of(2014, 4, 1, 0, 0);
    for (int i = 0; i < 400; i++) {
      rows.add(start.plusMinutes(5L * i).format(NAB_TIME) + ",7");
    }
    Files.write(data.resolve("flat.csv"), rows);
  }

  @Test
  void shouldWriteResultsForEachSeriesUnderTheDataDirectory() throws Exception {
    writeFlatSeries();
    Path out = dir.resolve("out");

    int exit =
        new CommandLine(new OpsmonCli())
            .execute("nab", "--data", dir.resolve("data").toString(), "--out", out.toString());

    assertThat(exit).isZero();
    assertThat(Files.readAllLines(out.resolve("artificial/opsmon_flat.csv"))).hasSize(401);
  }

  @Test
  void shouldRefuseADataDirectoryThatDoesNotExist() {
    int exit =
        new CommandLine(new OpsmonCli())
            .execute("nab", "--data", dir.resolve("missing").toString(), "--out", dir.toString());

    assertThat(exit).isEqualTo(2);
  }

  @Test
  void shouldScoreResultsFilesGivenWindows() throws Exception {
    writeFlatSeries();
    Path windows = dir.resolve("windows.json");
    Files.writeString(windows, "{\"artificial/flat.csv\": []}");
    Path out = dir.resolve("out");
    CommandLine cli = new CommandLine(new OpsmonCli());
    assertThat(
            cli.execute("nab", "--data", dir.resolve("data").toString(), "--out", out.toString()))
        .isZero();

    int exit = cli.execute("nab", "--results", out.toString(), "--windows", windows.toString());

    assertThat(exit).isZero();
  }

  @Test
  void shouldRefuseResultsWithoutWindowsAndDataWithResults() {
    CommandLine cli = new CommandLine(new OpsmonCli());

    assertThat(cli.execute("nab", "--results", dir.toString())).isEqualTo(2);
    assertThat(cli.execute("nab", "--data", dir.toString(), "--results", dir.toString()))
        .isEqualTo(2);
    assertThat(cli.execute("nab", "--data", dir.toString())).isEqualTo(2);
  }
}
