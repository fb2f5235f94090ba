package com.opsmon.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreePortsTest {
  @TempDir Path dir;

  @Test
  void shouldPickABindablePortBelowTheEphemeralRange() throws Exception {
    int ephemeralStart =
        FreePorts.ephemeralStart(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
    assumeThat(ephemeralStart)
        .as("an ephemeral range that leaves room below it (else any free port is taken)")
        .isGreaterThan(FreePorts.LOWEST);

    for (int i = 0; i < 20; i++) {
      int port = FreePorts.next();

      assertThat(port).isBetween(FreePorts.LOWEST, ephemeralStart - 1);
      try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(server.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void shouldReadTheRangesStartAndAssumeLinuxsDefaultWithoutTheFile() throws Exception {
    Path range = Files.writeString(dir.resolve("range"), "40000\t60999\n");

    assertThat(FreePorts.ephemeralStart(range)).isEqualTo(40_000);
    assertThat(FreePorts.ephemeralStart(dir.resolve("absent"))).isEqualTo(32_768);
    assertThat(FreePorts.ephemeralStart(Files.writeString(dir.resolve("bad"), "x")))
        .isEqualTo(32_768);
  }
}
