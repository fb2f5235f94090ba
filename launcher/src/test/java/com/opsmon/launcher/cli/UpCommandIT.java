package com.opsmon.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.embedded.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code opsmon up} against a real cluster that cannot hold what it is asked for. */
class UpCommandIT {
  @TempDir Path dir;

  @Test
  void shouldRefuseToStartWithMoreReplicasThanTheClusterHasBrokersAndSaySo() {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      ByteArrayOutputStream stderr = new ByteArrayOutputStream();
      PrintStream original = System.err;
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      int exit;
      try {
        exit =
            new CommandLine(new OpsmonCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(
                    "up",
                    "--kafka-bootstrap",
                    kafka.bootstrapServers(),
                    "--replication",
                    "3",
                    "--data-dir",
                    dir.resolve("data").toString(),
                    "--api-port",
                    "0",
                    "--rate",
                    "0");
      } finally {
        System.setErr(original);
      }

      assertThat(exit).isEqualTo(2);
      assertThat(stderr.toString(StandardCharsets.UTF_8))
          .contains(
              "opsmon up: cannot start: topics need replication 3 but the cluster has 1"
                  + " broker(s): lower --replication (OPSMON_REPLICATION) to at most 1");
    }
  }
}
