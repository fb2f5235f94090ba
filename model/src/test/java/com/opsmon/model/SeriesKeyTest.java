package com.opsmon.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.kpi.SeriesKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesKeyTest {
  @Test
  void shouldEncodeTagsInNameOrder() {
    assertThat(SeriesKey.encode(Map.of("region", "eu", "currency", "EUR")))
        .isEqualTo("currency=EUR,region=eu");
    assertThat(SeriesKey.encode(Map.of())).isEmpty();
  }

  @Test
  void shouldRoundTripValuesContainingSeparators() {
    Map<String, String> tags = Map.of("region", "eu,west=1", "path", "a\\b", "empty", "");

    String encoded = SeriesKey.encode(tags);

    assertThat(encoded).isEqualTo("empty=,path=a\\\\b,region=eu\\,west\\=1");
    assertThat(SeriesKey.decode(encoded)).isEqualTo(tags);
  }

  @Test
  void shouldDecodeEmptyKeyToNoTags() {
    assertThat(SeriesKey.decode("")).isEmpty();
  }
}
