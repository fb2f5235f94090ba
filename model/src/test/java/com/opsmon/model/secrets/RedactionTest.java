package com.opsmon.model.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.health.ComponentHealth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://hooks.slack.com/services/T000/B000/XXXXSECRET | https://hooks.slack.com/…",
        "http://127.0.0.1:8080/hook?token=SECRET | http://127.0.0.1:8080/…",
        "http://user:SECRET@influx:8086 | http://influx:8086/…",
        "jdbc:postgresql://db:8812/qdb?user=admin&password=SECRET | jdbc:postgresql://db:8812/…",
        "http://example.com | http://example.com",
        "http://example.com/ | http://example.com/",
        "unsupported URI http:/hooks/SECRET | unsupported URI http:/…",
        "posting to https://h.example/x/SECRET failed: 503 | posting to https://h.example/… failed: 503",
        "attempt 2: ConnectException: Connection refused | attempt 2: ConnectException: Connection refused",
        "url='https://h.example/SECRET' | url='https://h.example/…'",
        "no URL here at 10:30 | no URL here at 10:30",
        "Settings[http://u:SECRET@influx:8086] | Settings[http://influx:8086/…]",
        "(see http://[::1]:8080/SECRET), then | (see http://[::1]:8080/…), then",
        "http://h.example/SECRET. | http://h.example/….",
        "http://u:SECRET@h.example]x | http://h.example/…]x",
      })
  void shouldKeepOnlySchemeHostAndPortOfEveryUrl(String text, String safe) {
    assertThat(Redaction.urls(text)).isEqualTo(safe).doesNotContain("SECRET");
  }

  @Test
  void shouldShowNoSecretInAHealthDetail() {
    assertThat(
            ComponentHealth.down(
                    "hook failing: HTTP 404: no such hook https://hooks.example/T0/SECRET (1"
                        + " notification(s) retrying)")
                .detail())
        .isEqualTo(
            "hook failing: HTTP 404: no such hook https://hooks.example/… (1 notification(s)"
                + " retrying)");
  }
}
