package com.opsmon.api;

import com.opsmon.api.deadletters.RecentDeadLetters;
import com.opsmon.ingest.http.IngestEndpoint;
import com.opsmon.model.health.HealthCheck;
import com.opsmon.store.KpiReader;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What the API serves from: the KPI store, the components whose health it reports (in display
 * order), the metrics it exposes, the ingest endpoint when this process ingests, and the newest
 * dead letters when it can read them.
 */
public record ApiContext(
    KpiReader kpis,
    Map<String, HealthCheck> health,
    PrometheusMeterRegistry metrics,
    Optional<IngestEndpoint> ingest,
    Optional<RecentDeadLetters> deadLetters,
    Clock clock) {}
