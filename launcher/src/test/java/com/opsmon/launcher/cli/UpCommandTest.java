package com.opsmon.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.StreamJobsConfig;
import com.opsmon.launcher.stack.StackConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code opsmon up} refuses, before starting anything, to put its API on the network without
 * tokens, and reads tokens from files.
 */
class UpCommandTest {
  @TempDir Path dir;

  private final StringWriter err = new StringWriter();

  private int up(String... args) {
    return new CommandLine(new OpsmonCli())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setErr(new PrintWriter(err))
        .execute(args);
  }

  @Test
  void shouldRefuseANetworkAddressWithoutTokensBeforeStartingAnything() {
    Path data = dir.resolve("data");

    int exit = up("up", "--bind", "0.0.0.0", "--data-dir", data.toString(), "--rate", "0");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "opsmon up: refusing to listen on 0.0.0.0, which is not a loopback address, without"
                + " --read-token, --admin-token, --ingest-token:")
        .contains("--allow-unauthenticated");
    assertThat(data).doesNotExist();
  }

  @Test
  void shouldStopOnAnEmptyTokenFile() throws Exception {
    Path empty = Files.writeString(dir.resolve("admin-token"), "\n");

    int exit =
        up("up", "--admin-token-file", empty.toString(), "--data-dir", dir.resolve("d").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("opsmon up: --admin-token-file " + empty + " is empty\n");
  }

  @Test
  void shouldAcceptANetworkAddressWithEveryTokenFromFiles() throws Exception {
    UpCommand up = new UpCommand();
    new CommandLine(up)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs(
            "--bind",
            "0.0.0.0",
            "--read-token-file",
            Files.writeString(dir.resolve("r"), "reader\n").toString(),
            "--admin-token-file",
            Files.writeString(dir.resolve("a"), "admin\n").toString(),
            "--ingest-token-file",
            Files.writeString(dir.resolve("i"), "sender\n").toString());

    StackConfig config = up.config();

    assertThat(config.apiHost()).isEqualTo("0.0.0.0");
    assertThat(config.tokens().read()).contains("reader");
    assertThat(config.tokens().admin()).contains("admin");
    assertThat(config.ingest().bearerToken()).contains("sender");
    assertThat(config.refusal()).isEmpty();
  }

  @Test
  void shouldListenOnLoopbackUnlessToldOtherwise() throws Exception {
    UpCommand up = new UpCommand();
    new CommandLine(up).setCaseInsensitiveEnumValuesAllowed(true).parseArgs();

    StackConfig config = up.config();

    assertThat(config.apiHost()).isEqualTo("127.0.0.1");
    assertThat(config.checkpointInterval()).isEqualTo(StreamJobsConfig.DEFAULT_CHECKPOINT_INTERVAL);
    assertThat(config.minuteCloseCheckpoints()).isTrue();
    assertThat(config.refusal()).isEmpty();
  }

  @Test
  void shouldCheckpointAsOftenAsAsked() throws Exception {
    UpCommand up = new UpCommand();
    new CommandLine(up)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs("--checkpoint-interval", "1s");

    assertThat(up.config().checkpointInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shouldLeaveOutTheMinuteCloseCheckpointsWhenAsked() throws Exception {
    UpCommand up = new UpCommand();
    new CommandLine(up)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs("--no-minute-close-checkpoints");

    assertThat(up.config().minuteCloseCheckpoints()).isFalse();
  }

  @Test
  void shouldListenUnauthenticatedOnlyWhenToldExplicitly() throws Exception {
    UpCommand up = new UpCommand();
    new CommandLine(up)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs("--bind", "0.0.0.0", "--allow-unauthenticated");

    assertThat(up.config().refusal()).isEmpty();
  }
}
