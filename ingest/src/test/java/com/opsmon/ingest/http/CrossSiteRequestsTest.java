package com.opsmon.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CrossSiteRequestsTest {
  private static final String HOST = "127.0.0.1:8080";

  @Test
  void shouldRefuseAPostFromAPageOfAnotherSite() {
    assertThat(CrossSiteRequests.refused("POST", "cross-site", "https://evil.example", HOST))
        .isTrue();
    assertThat(CrossSiteRequests.refused("PUT", null, "https://evil.example", HOST)).isTrue();
    assertThat(CrossSiteRequests.refused("POST", null, "null", HOST)).isTrue();
    assertThat(CrossSiteRequests.refused("POST", "same-site", "http://127.0.0.1:9090", HOST))
        .isTrue();
    // same host, another port: another origin
    assertThat(CrossSiteRequests.refused("POST", null, "http://127.0.0.1:9090", HOST)).isTrue();
  }

  @Test
  void shouldLetThroughTheMonitorsOwnPagesAndClientsThatAreNotBrowsers() {
    assertThat(CrossSiteRequests.refused("POST", "same-origin", "http://" + HOST, HOST)).isFalse();
    assertThat(CrossSiteRequests.refused("POST", null, "http://" + HOST, HOST)).isFalse();
    assertThat(CrossSiteRequests.refused("POST", null, null, HOST)).isFalse();
    assertThat(CrossSiteRequests.refused("PUT", "none", null, HOST)).isFalse();
  }

  @Test
  void shouldNeverRefuseReading() {
    assertThat(CrossSiteRequests.refused("GET", "cross-site", "https://evil.example", HOST))
        .isFalse();
  }
}
