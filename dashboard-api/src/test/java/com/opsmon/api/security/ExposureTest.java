package com.opsmon.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.config.Loopback;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the API may listen on an address, and what it says when it may not. */
class ExposureTest {
  private static final ApiTokens BOTH = new ApiTokens(Optional.of("r"), Optional.of("a"));
  private static final ApiTokens ADMIN_ONLY = new ApiTokens(Optional.empty(), Optional.of("a"));

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, true",
    "127.1.2.3, true",
    "localhost, true",
    "::1, true",
    "[::1], true",
    "0.0.0.0, false",
    "::, false",
    "192.168.1.20, false",
    "127.0.0.256, false",
    "127.example.com, false",
    "monitor.local, false",
  })
  void shouldTellLoopbackFromReachableAddresses(String host, boolean loopback) {
    assertThat(Loopback.isLoopback(host)).isEqualTo(loopback);
  }

  @Test
  void shouldLetAnythingListenOnLoopback() {
    assertThat(Exposure.refusal("127.0.0.1", ApiTokens.NONE, false)).isEmpty();
    assertThat(Exposure.refusal("127.0.0.1", ApiTokens.NONE, Optional.empty(), false)).isEmpty();
  }

  @Test
  void shouldRefuseTheNetworkWithoutTokensNamingEachMissingOne() {
    assertThat(Exposure.refusal("0.0.0.0", ApiTokens.NONE, false))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .startsWith(
                        "refusing to listen on 0.0.0.0, which is not a loopback address, without"
                            + " --read-token, --admin-token:")
                    .contains("--allow-unauthenticated"));
    assertThat(Exposure.refusal("0.0.0.0", ADMIN_ONLY, false))
        .hasValueSatisfying(why -> assertThat(why).contains("without --read-token:"));
  }

  @Test
  void shouldAskForTheIngestTokenToOnlyWhereEventsAreTakenIn() {
    assertThat(Exposure.refusal("0.0.0.0", BOTH, false)).isEmpty();
    assertThat(Exposure.refusal("0.0.0.0", BOTH, Optional.empty(), false))
        .hasValueSatisfying(why -> assertThat(why).contains("without --ingest-token:"));
    assertThat(Exposure.refusal("0.0.0.0", BOTH, Optional.of("i"), false)).isEmpty();
  }

  @Test
  void shouldListenUnauthenticatedOnlyWhenToldSoExplicitly() {
    assertThat(Exposure.refusal("0.0.0.0", ApiTokens.NONE, true)).isEmpty();
    assertThat(Exposure.refusal("10.0.0.5", ApiTokens.NONE, Optional.empty(), true)).isEmpty();
  }
}
