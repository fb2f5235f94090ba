package com.opsmon.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroundTruthTest {
  private static final Instant T = Instant.parse("2026-11-25T14:00:00Z");

  @Test
  void shouldListTheKpisEachIncidentKindShouldMove() {
    GroundTruth truth = GroundTruth.of(IncidentPlan.defaultDay(T));

    assertThat(truth.incidents())
        .extracting(e -> e.kind() + " " + e.expectedKpis())
        .containsExactlyInAnyOrder(
            "payment_outage [payment_failure_rate, orders, service_error_rate]",
            "warehouse_stall [order_cycle_time, sla_breaches, shipments]",
            "stockout [stock_outs]",
            "latency_regression [service_latency_p99]",
            "traffic_surge [orders, revenue]",
            "feed_stop [orders]",
            "slow_leak [conversion]");
  }

  @Test
  void shouldWriteTheWindowAndSortedScopeAsJsonAndReadThemBack() {
    Incident stockout =
        new Incident(
            "stockout",
            T,
            Duration.ofMinutes(90),
            Map.of("warehouse", "ams-1", "sku", "sku-1001"),
            1);
    GroundTruth truth = GroundTruth.of(List.of(stockout));

    String json = Json.write(truth);

    assertThat(json)
        .isEqualTo(
            "{\"incidents\":[{\"kind\":\"stockout\",\"scope\":{\"sku\":\"sku-1001\",\"warehouse\":\"ams-1\"},"
                + "\"start\":\"2026-11-25T14:00:00Z\",\"end\":\"2026-11-25T15:30:00Z\",\"severity\":1.0,"
                + "\"expectedKpis\":[\"stock_outs\"]}]}");
    assertThat(Json.read(json, GroundTruth.class)).isEqualTo(truth);
  }
}
