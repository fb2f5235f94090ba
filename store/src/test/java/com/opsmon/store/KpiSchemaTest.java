package com.opsmon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KpiSchemaTest {
  private static final Instant WINDOW_START = Instant.parse("2026-11-25T10:03:00Z");

  @Test
  void shouldWriteOnePointPerKpiSeriesAndWindowAsLineProtocol() {
    KpiPoint point =
        new KpiPoint(
            "revenue",
            WINDOW_START,
            Duration.ofMinutes(1),
            Map.of("region", "eu", "currency", "EUR"),
            12.5);

    assertThat(KpiSchema.toPoint(point, StoreSettings.Kind.INFLUXDB).toLineProtocol())
        .isEqualTo(
            "kpi,currency=EUR,kpi=revenue,region=eu,series=currency\\=EUR\\,region\\=eu,window=PT1M"
                + " value=12.5 "
                + WINDOW_START.toEpochMilli());
  }

  @Test
  void shouldDoubleBackslashesForQuestDbOnlyWhoseParserReadsThemAsEscapes() {
    KpiPoint point =
        new KpiPoint("on_hand", WINDOW_START, Duration.ofMinutes(1), Map.of("sku", "a,b"), 1);

    // the series key escapes the comma with a backslash; the client escapes the comma again
    assertThat(KpiSchema.toPoint(point, StoreSettings.Kind.INFLUXDB).toLineProtocol())
        .contains(",series=sku\\=a\\\\,b,");
    assertThat(KpiSchema.toPoint(point, StoreSettings.Kind.QUESTDB).toLineProtocol())
        .contains(",series=sku\\=a\\\\\\,b,");
  }

  @Test
  void shouldGiveTheQuestDbTableEveryCatalogueTagAndAddOnlyTheMissingOnes() {
    assertThat(KpiSchema.TAG_COLUMNS).contains("region", "sku", "service", "quantile", "source");
    KpiSchema.TAG_COLUMNS.forEach(
        tag -> assertThat(KpiSchema.QUESTDB_DDL).contains(", " + tag + " SYMBOL"));

    List<String> present = new ArrayList<>(KpiSchema.TAG_COLUMNS);
    present.remove("sku");
    assertThat(KpiSchema.questDbAddMissingColumns(present))
        .containsExactly("ALTER TABLE kpi ADD COLUMN sku SYMBOL");
    assertThat(KpiSchema.questDbAddMissingColumns(KpiSchema.TAG_COLUMNS)).isEmpty();
  }

  @Test
  void shouldRefuseTagNamesTheLayoutUses() {
    KpiPoint point =
        new KpiPoint("orders", WINDOW_START, Duration.ofMinutes(1), Map.of("series", "x"), 1);

    assertThatThrownBy(() -> KpiSchema.toPoint(point, StoreSettings.Kind.INFLUXDB))
        .hasMessageContaining("reserved");
  }

  @Test
  void shouldEscapeInfluxQlLiterals() {
    KpiQuery query =
        new KpiQuery(
            "orders",
            WINDOW_START,
            WINDOW_START.plusSeconds(60),
            Map.of("region", "eu' OR 1=1 --"));

    assertThat(InfluxQlKpiReader.influxQl(query))
        .isEqualTo(
            "SELECT \"value\", \"window\", \"series\" FROM \"kpi\" WHERE \"kpi\" = 'orders'"
                + " AND \"window\" = 'PT1M'"
                + " AND time >= 1795600980000ms AND time < 1795601040000ms"
                + " AND \"region\" = 'eu\\' OR 1=1 --'");
  }

  @Test
  void shouldRejectQueriesWithBadNamesOrEmptyRanges() {
    assertThatThrownBy(
            () -> new KpiQuery("orders;drop", WINDOW_START, WINDOW_START.plusSeconds(1), Map.of()))
        .hasMessageContaining("not a KPI name");
    assertThatThrownBy(
            () ->
                new KpiQuery(
                    "orders", WINDOW_START, WINDOW_START.plusSeconds(1), Map.of("Region\"", "x")))
        .hasMessageContaining("not a tag name");
    assertThatThrownBy(() -> new KpiQuery("orders", WINDOW_START, WINDOW_START, Map.of()))
        .hasMessageContaining("before");
  }
}
