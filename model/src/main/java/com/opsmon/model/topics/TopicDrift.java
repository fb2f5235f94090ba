package com.opsmon.model.topics;

import com.opsmon.model.topics.KafkaAdmin.SettingDrift;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What differs between a topic found on the cluster and the settings the monitor wants for it, and
 * which of those differences the monitor may correct in place.
 */
final class TopicDrift {
  private TopicDrift() {}

  /** The replica count, reported as if it were a topic setting. */
  static final String REPLICATION = "replication.factor";

  static final String MIN_INSYNC = "min.insync.replicas";

  /**
   * Every setting of {@code wanted} (and the replica count) that the topic has otherwise, none yet
   * aligned. {@code foundReplicas} is the fewest replicas any of its partitions has.
   */
  static List<SettingDrift> differences(
      String topic,
      Map<String, String> wanted,
      short wantedReplicas,
      Map<String, String> found,
      int foundReplicas) {
    List<SettingDrift> drifts = new ArrayList<>();
    if (foundReplicas != wantedReplicas) {
      drifts.add(
          new SettingDrift(
              topic,
              REPLICATION,
              String.valueOf(foundReplicas),
              String.valueOf(wantedReplicas),
              false));
    }
    wanted.forEach(
        (setting, value) -> {
          String actual = found.get(setting);
          if (!value.equals(actual)) {
            drifts.add(new SettingDrift(topic, setting, actual, value, false));
          }
        });
    return List.copyOf(drifts);
  }

  /**
   * Whether the monitor may set this setting itself. Replicas are moved by an operator's
   * reassignment, never by a start-up; and {@code min.insync.replicas} above the replicas a topic
   * actually has would refuse every write to it.
   */
  static boolean changeable(SettingDrift drift, int foundReplicas) {
    return switch (drift.setting()) {
      case REPLICATION -> false;
      case MIN_INSYNC ->
          parses(drift.wanted()) && Integer.parseInt(drift.wanted()) <= foundReplicas;
      default -> true;
    };
  }

  private static boolean parses(String number) {
    return number != null && number.matches("\\d{1,9}");
  }
}
