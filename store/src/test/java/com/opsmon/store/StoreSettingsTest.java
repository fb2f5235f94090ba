package com.opsmon.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreSettingsTest {
  @Test
  void shouldPrintNeitherTheTokenNorACredentialInAUrl() {
    assertThat(
            StoreSettings.influxDb("http://opsmon:SECRET@influx:8086", "SECRET-TOKEN", "o", "b")
                .toString())
        .isEqualTo("StoreSettings[INFLUXDB http://influx:8086/…]");
    assertThat(
            StoreSettings.questDb(
                    "http://127.0.0.1:9000", "jdbc:postgresql://db:8812/qdb?password=SECRET")
                .toString())
        .isEqualTo("StoreSettings[QUESTDB http://127.0.0.1:9000 jdbc:postgresql://db:8812/…]");
  }
}
