package com.opsmon.model.topics;

import com.opsmon.model.config.Flags;

/**
 * How the monitor's topics are laid out on the cluster, read once at start-up: partitions, replicas
 * of each partition, and how many replicas must have a write before it is acknowledged ({@code
 * min.insync.replicas}, with {@code acks=all}).
 *
 * @param partitions partitions of each topic the monitor creates
 * @param replication replicas of each partition
 * @param minInsync replicas that must have a write before it is acknowledged
 */
public record TopicSettings(int partitions, short replication, int minInsync) {
  public TopicSettings {
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
    }
    if (replication < 1) {
      throw new IllegalArgumentException("--replication must be at least 1, got " + replication);
    }
    if (minInsync < 1) {
      throw new IllegalArgumentException("--min-insync must be at least 1, got " + minInsync);
    }
  }

  /** The in-process broker's: one replica. */
  public static TopicSettings singleBroker(int partitions) {
    return of(partitions, (short) 1);
  }

  /** With {@link #defaultMinInsync} for the replication. */
  public static TopicSettings of(int partitions, short replication) {
    return new TopicSettings(partitions, replication, defaultMinInsync(replication));
  }

  /**
   * All replicas but one: one broker may be lost without losing an acknowledged record, and the
   * topic stays writable meanwhile.
   */
  public static int defaultMinInsync(short replication) {
    return Math.max(1, replication - 1);
  }

  /**
   * {@code --partitions} (else {@code defaultPartitions}), {@code --replication} (else 1) and
   * {@code --min-insync} (else {@link #defaultMinInsync}), or their {@code OPSMON_} variables.
   */
  public static TopicSettings fromFlags(Flags flags, int defaultPartitions) {
    int replication = flags.getInt("replication", 1);
    if (replication > Short.MAX_VALUE) {
      throw new IllegalArgumentException(
          "--replication " + replication + " is not a replica count");
    }
    return new TopicSettings(
        flags.getInt("partitions", defaultPartitions),
        (short) replication,
        flags.getInt("min-insync", defaultMinInsync((short) replication)));
  }
}
