package com.opsmon.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveMonitorTest {
  @Test
  void shouldGiveTheMonitorTheBenchsHeapAndOpenedPackagesButNotItsAgentsOrRecordings() {
    List<String> bench =
        List.of(
            "-Xmx3g",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "-XX:StartFlightRecording=filename=/tmp/bench.jfr",
            "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
            "-Djava.util.logging.manager=org.apache.logging.log4j.jul.LogManager");

    assertThat(LiveMonitor.jvmOptions(bench))
        .containsExactly(
            "-Xmx3g",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "-Djava.util.logging.manager=org.apache.logging.log4j.jul.LogManager");
  }

  @Test
  void shouldGiveTheMonitorTheClassArchiveTheBenchStartedWithButNeverAskItToWriteOne() {
    List<String> bench =
        List.of(
            "-Xlog:cds=off",
            "-XX:SharedArchiveFile=/opt/opsmon/launcher/target/opsmon-1.jsa",
            "-XX:ArchiveClassesAtExit=/opt/opsmon/launcher/target/opsmon-1.jsa.42.tmp");

    assertThat(LiveMonitor.jvmOptions(bench))
        .containsExactly(
            "-Xmx2g",
            "-Xlog:cds=off",
            "-XX:SharedArchiveFile=/opt/opsmon/launcher/target/opsmon-1.jsa");
  }

  @Test
  void shouldGiveTheMonitorOpsmonsDefaultHeapWhenTheBenchHasNone() {
    assertThat(LiveMonitor.jvmOptions(List.of("--add-opens=java.base/java.io=ALL-UNNAMED")))
        .containsExactly("-Xmx2g", "--add-opens=java.base/java.io=ALL-UNNAMED");
  }

  @Test
  void shouldReadTheApiAddressFromTheLineUpPrintsOnceItServes() {
    String log = "12:00:01 INFO  EmbeddedKafka - listening\nOpsmon API: http://127.0.0.1:41234\n";

    assertThat(LiveMonitor.apiUrl(log)).hasValue(URI.create("http://127.0.0.1:41234"));
    assertThat(LiveMonitor.apiUrl("12:00:01 INFO  EmbeddedKafka - listening\nOpsmon AP")).isEmpty();
  }
}
