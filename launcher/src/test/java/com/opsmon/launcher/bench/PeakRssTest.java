package com.opsmon.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeakRssTest {
  @Test
  void shouldReadThePeakFromProcStatus() {
    String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  1234567 kB\nVmRSS:\t 1000 kB\n";
    assertThat(PeakRss.parse(status)).hasValue(1234567L * 1024);
    assertThat(PeakRss.parse("Name:\tjava\n")).isEmpty();
  }
}
