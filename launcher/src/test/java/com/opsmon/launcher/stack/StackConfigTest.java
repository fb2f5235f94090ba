package com.opsmon.launcher.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.api.security.ApiTokens;
import com.opsmon.ingest.http.IngestSettings;
import com.opsmon.store.StoreSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StackConfigTest {
  @Test
  void shouldPrintNoTokenNorTheSecretPartOfAUrl() {
    IngestSettings defaults = IngestSettings.defaults();
    StackConfig config =
        StackConfig.builder(Path.of("data"))
            .webhookUrl(Optional.of(URI.create("https://hooks.example/services/T0/SECRET-1")))
            .tokens(new ApiTokens(Optional.of("SECRET-6"), Optional.of("SECRET-2")))
            .ingest(
                new IngestSettings(
                    defaults.rules(),
                    defaults.maxBodyBytes(),
                    Optional.of("SECRET-3"),
                    defaults.publishTimeout(),
                    defaults.limits()))
            .store(
                Optional.of(
                    StoreSettings.influxDb("http://u:SECRET-4@influx:8086", "SECRET-5", "o", "b")))
            .build();

    assertThat(config.toString())
        .doesNotContain("SECRET")
        .contains("webhookUrl=https://hooks.example/…")
        .contains("tokens=ApiTokens[read set, admin set]")
        .contains("bearerToken=(set)")
        .contains("http://influx:8086/…");
  }
}
