package com.opsmon.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllowedHostsTest {
  private static final AllowedHosts OPS = AllowedHosts.of(List.of(" Opsmon.Example.Com "));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "127.0.0.1:8080, true",
    "127.0.0.1, true",
    "10.1.2.3:80, true",
    "[::1]:8080, true",
    "[::1], true",
    "localhost:8080, true",
    "LOCALHOST, true",
    "ops.localhost:8080, true",
    "opsmon.example.com:443, true",
    "OPSMON.EXAMPLE.COM, true",
    "attacker.example:8080, false",
    "opsmon.example.com.attacker.example, false",
    "127.0.0.1.attacker.example, false",
    "999.0.0.1, false",
    "1.2.3, false",
    "[::1]evil, false",
    "localhost.attacker.example, false",
    "'', false"
  })
  void shouldAnswerIpAddressesLocalhostAndConfiguredNamesOnly(String host, boolean allowed) {
    assertThat(OPS.allows(host)).isEqualTo(allowed);
  }

  @ParameterizedTest
  @CsvSource({"opsmon.example.com", "attacker.example"})
  void shouldAnswerNoOtherNameByDefault(String host) {
    assertThat(AllowedHosts.LOOPBACK.allows(host)).isFalse();
    assertThat(AllowedHosts.LOOPBACK.allows(null)).isFalse();
  }
}
