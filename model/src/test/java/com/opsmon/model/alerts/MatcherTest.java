package com.opsmon.model.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opsmon.model.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatcherTest {
  private static final Map<String, String> EU_PAYMENTS =
      Map.of("alertname", "payments_outage", "region", "eu");

  @Test
  void shouldMatchAsAlertmanagerDoesWithAnchoredRegexesAndMissingLabelsAsEmpty() {
    assertThat(Matcher.parse("region=\"eu\"").matches(EU_PAYMENTS)).isTrue();
    assertThat(Matcher.parse("region!=eu").matches(EU_PAYMENTS)).isFalse();
    assertThat(Matcher.parse("alertname=~\"payments_.*\"").matches(EU_PAYMENTS)).isTrue();
    assertThat(Matcher.parse("alertname=~\"payments\"").matches(EU_PAYMENTS)).isFalse();
    assertThat(Matcher.parse("alertname!~\"orders_.*\"").matches(EU_PAYMENTS)).isTrue();
    assertThat(Matcher.parse("warehouse=\"\"").matches(EU_PAYMENTS)).isTrue();
    assertThat(Matcher.parse("summary=\"a \\\"quoted\\\" word\"").value())
        .isEqualTo("a \"quoted\" word");
  }

  @Test
  void shouldWriteAndReadTheSameTextInJson() {
    Matcher m = Matcher.parse("service=~\"pay.*|checkout\"");

    assertThat(Json.write(m)).isEqualTo("\"service=~\\\"pay.*|checkout\\\"\"");
    assertThat(Json.read(Json.write(m), Matcher.class)).isEqualTo(m);
  }

  @Test
  void shouldRefuseWhatIsNotAMatcher() {
    assertThatThrownBy(() -> Matcher.parse("just text")).hasMessageStartingWith("not a matcher");
    assertThatThrownBy(() -> Matcher.parse("a=~\"[\""))
        .hasMessageContaining("not a regular expression");
  }
}
