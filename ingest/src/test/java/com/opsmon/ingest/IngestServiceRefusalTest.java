package com.opsmon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the ingest service may listen on an address. */
class IngestServiceRefusalTest {
  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, , false, true",
    "localhost, , false, true",
    "::1, , false, true",
    "0.0.0.0, , false, false",
    "10.1.2.3, , false, false",
    "ingest.internal, , false, false",
    "0.0.0.0, s3cret, false, true",
    "0.0.0.0, , true, true"
  })
  void shouldListenBeyondLoopbackOnlyWithATokenOrWhenTold(
      String host, String token, boolean allowUnauthenticated, boolean mayListen) {
    Optional<String> refusal =
        IngestService.refusal(host, Optional.ofNullable(token), allowUnauthenticated);

    assertThat(refusal.isEmpty()).isEqualTo(mayListen);
    refusal.ifPresent(
        why ->
            assertThat(why)
                .contains(host)
                .contains("--ingest-token")
                .contains("--allow-unauthenticated"));
  }
}
