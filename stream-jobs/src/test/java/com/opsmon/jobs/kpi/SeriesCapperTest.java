package com.opsmon.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.SeriesKey;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.java.tuple.Tuple2;
import org.junit.jupiter.api.Test;

class SeriesCapperTest {
  private static final TagCaps TWO_REGIONS = new TagCaps(Map.of(KpiCatalog.REGION, 2), 10);

  private static String region(String value) {
    return SeriesKey.of(KpiCatalog.REGION, value);
  }

  @Test
  void shouldFoldValuesBeyondTheCapAndLetAnAlreadyFoldedOneThroughWithoutTakingAPlace() {
    SeriesCapper capper = new SeriesCapper(TWO_REGIONS, "test", List.of());

    assertThat(capper.cap(region("eu"))).isEqualTo(region("eu"));
    assertThat(capper.cap(region(TagCaps.OTHER))).isEqualTo(region(TagCaps.OTHER));
    assertThat(capper.cap(region("us"))).isEqualTo(region("us"));
    assertThat(capper.cap(region("asia"))).isEqualTo(region(TagCaps.OTHER));
    assertThat(capper.cap(region("eu"))).isEqualTo(region("eu"));
    assertThat(capper.values())
        .containsExactlyInAnyOrder(Tuple2.of("region", "eu"), Tuple2.of("region", "us"));
  }

  @Test
  void shouldKeepTheValuesItLetThroughAcrossARestore() {
    SeriesCapper restored =
        new SeriesCapper(
            TWO_REGIONS, "test", List.of(Tuple2.of("region", "eu"), Tuple2.of("region", "us")));

    assertThat(restored.cap(region("asia"))).isEqualTo(region(TagCaps.OTHER));
    assertThat(restored.cap(region("us"))).isEqualTo(region("us"));
  }
}
