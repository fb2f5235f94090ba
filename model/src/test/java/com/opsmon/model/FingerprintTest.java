package com.opsmon.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.alerts.Fingerprint;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {
  @Test
  void shouldNotDependOnLabelOrder() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");

    assertThat(Fingerprint.of("r", ab)).isEqualTo(Fingerprint.of("r", ba)).hasSize(16);
  }

  @Test
  void shouldDifferByRuleAndByLabelValue() {
    assertThat(Fingerprint.of("r1", Map.of("region", "eu")))
        .isNotEqualTo(Fingerprint.of("r2", Map.of("region", "eu")))
        .isNotEqualTo(Fingerprint.of("r1", Map.of("region", "us")));
  }

  @Test
  void shouldNotConfuseLabelBoundaries() {
    assertThat(Fingerprint.of("r", Map.of("a", "b=c")))
        .isNotEqualTo(Fingerprint.of("r", Map.of("a", "b", "c", "")));
  }
}
