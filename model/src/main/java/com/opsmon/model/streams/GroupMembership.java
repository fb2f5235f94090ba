package com.opsmon.model.streams;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How long the monitor's consumer groups wait for a member that died without leaving (kill -9, a
 * lost host) before its partitions move on: 10 s without a heartbeat, not the client's default 45
 * s. The group's coordinator keeps the dead member until then, so a monitor restarted at once would
 * otherwise sit "rebalancing", validating and alerting nothing, for most of a minute. Heartbeats
 * come from the client's own thread, so a long batch or a GC pause does not end a live session.
 */
public final class GroupMembership {
  /** Within the broker's default {@code group.min.session.timeout.ms} of 6 s. */
  public static final int SESSION_TIMEOUT_MS = 10_000;

  /** A third of the session, as Kafka advises, so two missed heartbeats still keep it. */
  public static final int HEARTBEAT_INTERVAL_MS = 3_000;

  private GroupMembership() {}

  /** The consumer settings that carry these, for any consumer that joins a group. */
  public static Map<String, Object> consumerSettings() {
    return Map.of(
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS,
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
  }
}
