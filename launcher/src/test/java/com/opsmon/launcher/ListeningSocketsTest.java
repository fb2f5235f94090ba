package com.opsmon.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading the addresses of {@code /proc/self/net/tcp} and {@code tcp6}. */
class ListeningSocketsTest {
  @ParameterizedTest
  @CsvSource({
    "0100007F:1F90, 127.0.0.1:8080, true",
    "00000000:0050, 0.0.0.0:80, false",
    "1401A8C0:0016, 192.168.1.20:22, false",
    "00000000000000000000000001000000:1F91, 0:0:0:0:0:0:0:1:8081, true",
    "00000000000000000000000000000000:1F92, 0:0:0:0:0:0:0:0:8082, false",
    "0000000000000000FFFF00000100007F:1F93, 127.0.0.1:8083, true",
  })
  void shouldReadTheAddressAndPortOfAnEntry(String entry, String shown, boolean loopback) {
    ListeningSockets.Listener listener = ListeningSockets.parse(entry);

    assertThat(listener.toString()).isEqualTo(shown);
    assertThat(listener.loopback()).isEqualTo(loopback);
  }
}
