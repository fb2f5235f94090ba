package com.opsmon.api.responses;

import com.opsmon.model.health.ComponentHealth;
import java.util.Map;

/** {@code GET /health}: the overall status and each component's. */
public record HealthResponse(
    ComponentHealth.Status status, Map<String, ComponentHealth> components) {}
