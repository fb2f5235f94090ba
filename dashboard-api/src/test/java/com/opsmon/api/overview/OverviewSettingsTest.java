package com.opsmon.api.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opsmon.model.kpi.KpiCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverviewSettingsTest {
  @Test
  void shouldTakeAHeadlineOnlyWithEveryTagOfItsKpi() {
    assertThat(OverviewSettings.Headline.total(KpiCatalog.ORDERS).tags())
        .isEqualTo(Map.of("region", "all", "channel", "all"));
    assertThatThrownBy(() -> new OverviewSettings.Headline("orders", Map.of("region", "eu")))
        .hasMessageContaining("exactly the tags [region, channel]");
    assertThatThrownBy(() -> new OverviewSettings.Headline("teleports", Map.of()))
        .hasMessageContaining("unknown headline KPI");
  }

  @Test
  void shouldShowTotalsOfKpisThatHaveThemByDefault() {
    assertThat(OverviewSettings.DEFAULTS.headlines())
        .allSatisfy(
            h ->
                assertThat(h.definition().totalled())
                    .containsExactlyInAnyOrderElementsOf(h.definition().tags()));
  }
}
