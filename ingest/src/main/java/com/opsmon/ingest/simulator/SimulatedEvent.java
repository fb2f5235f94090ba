package com.opsmon.ingest.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One generated event: its Kafka key (the entity id), its contract JSON, and its event time. */
public record SimulatedEvent(String key, ObjectNode json, Instant occurredAt) {}
