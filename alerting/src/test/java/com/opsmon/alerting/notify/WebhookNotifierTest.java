package com.opsmon.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookNotifierTest {
  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 410, 413, 422})
  void shouldTreatAClientErrorAsRefusedForGood(int status) {
    assertThat(WebhookNotifier.refusedForGood(status)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504, 302})
  void shouldRetryTimeoutsRateLimitsServerErrorsAndRedirects(int status) {
    assertThat(WebhookNotifier.refusedForGood(status)).isFalse();
  }
}
