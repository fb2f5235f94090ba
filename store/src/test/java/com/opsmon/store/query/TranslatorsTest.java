package com.opsmon.store.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranslatorsTest {
  private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
  private static final String NASTY = "eu' OR '1'='1\\'; DROP TABLE kpi; --";

  private static AdHocQuery sumPerRegion(String region) {
    return new QuerySpec(
            "orders",
            null,
            "2030-01-01T10:00:00Z",
            "2030-01-01T11:00:00Z",
            List.of(new QuerySpec.Filter("region", "in", null, List.of(region, "us"))),
            "sum",
            null,
            "5m",
            List.of("region"),
            100)
        .validate(QueryLimits.DEFAULTS, NOW);
  }

  @Test
  void shouldWriteInfluxQlWithEscapedLiteralsAndQuotedRegistryNames() {
    assertThat(InfluxQlTranslator.translate(sumPerRegion(NASTY)))
        .isEqualTo(
            "SELECT SUM(\"value\") AS \"v\" FROM \"kpi\" WHERE \"kpi\" = 'orders'"
                + " AND \"window\" = 'PT1M' AND time >= 1893492000000ms AND time < 1893495600000ms"
                + " AND (\"region\" = 'eu\\' OR \\'1\\'=\\'1\\\\\\'; DROP TABLE kpi; --'"
                + " OR \"region\" = 'us') AND \"channel\" = 'all'"
                + " GROUP BY time(300000ms), \"region\" fill(none) LIMIT 101");
  }

  @Test
  void shouldWriteSqlWithEveryValueBound() {
    SqlStatement sql = QuestDbSqlTranslator.translate(sumPerRegion(NASTY));

    assertThat(sql.sql())
        .isEqualTo(
            "SELECT bucket, \"region\", sum(value) AS v, count(*) AS n FROM (SELECT"
                + " (CAST(timestamp AS LONG) / CAST(? AS LONG)) * CAST(? AS LONG) AS bucket,"
                + " \"region\", value FROM kpi WHERE kpi = ? AND window = ? AND timestamp >="
                + " CAST(? AS TIMESTAMP) AND timestamp < CAST(? AS TIMESTAMP) AND \"region\" IN (?,"
                + " ?) AND \"channel\" = ?) GROUP BY bucket, \"region\" ORDER BY bucket,"
                + " \"region\" LIMIT 101")
        .doesNotContain("DROP");
    assertThat(sql.parameters())
        .containsExactly(
            300_000_000L,
            300_000_000L,
            "orders",
            "PT1M",
            1_893_492_000_000_000L,
            1_893_495_600_000_000L,
            NASTY,
            "us",
            "all");
  }

  @Test
  void shouldRankPercentilesWithinEachBucketAndGroup() {
    AdHocQuery p95 =
        new QuerySpec(
                "service_latency_p99",
                null,
                null,
                null,
                null,
                "p95",
                null,
                "10m",
                List.of("service"),
                null)
            .validate(QueryLimits.DEFAULTS, NOW);

    assertThat(QuestDbSqlTranslator.translate(p95).sql())
        .contains(
            "row_number() OVER (PARTITION BY bucket, \"service\" ORDER BY value) AS rn,"
                + " count(*) OVER (PARTITION BY bucket, \"service\") AS n")
        .contains("WHERE rn = floor(n * CAST(? AS DOUBLE) / 100.0 + 0.5)");
    assertThat(InfluxQlTranslator.translate(p95))
        .startsWith("SELECT PERCENTILE(\"value\", 95.0) AS \"v\"");
  }

  @Test
  void shouldReadInfluxQlLiteralsBackToTheExactValue() {
    assertThat(InfluxQlTranslator.literal("o'hare")).isEqualTo("'o\\'hare'");
    assertThat(InfluxQlTranslator.literal("a\\b")).isEqualTo("'a\\\\b'");
    assertThat(InfluxQlTranslator.literal("zürich-東京")).isEqualTo("'zürich-東京'");
  }
}
