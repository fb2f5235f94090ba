package com.opsmon.jobs;

import com.opsmon.model.events.InventoryEvent;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.events.ServiceCallEvent;
import com.opsmon.model.events.StorefrontEvent;
import com.opsmon.model.events.TicketEvent;
import com.opsmon.model.rules.PublishedRules;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The typed events the jobs read, one stream per kind, each with event-time timestamps and
 * watermarks, and the alert rules in force. Kafka gives them in the product; tests and the
 * benchmark give finite streams.
 */
public record Inputs(
    DataStream<OrderEvent> orders,
    DataStream<InventoryEvent> inventory,
    DataStream<ServiceCallEvent> calls,
    DataStream<TicketEvent> tickets,
    DataStream<StorefrontEvent> storefront,
    DataStream<PublishedRules> rules) {}
