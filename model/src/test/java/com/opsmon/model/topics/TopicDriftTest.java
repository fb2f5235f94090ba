package com.opsmon.model.topics;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.topics.KafkaAdmin.SettingDrift;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicDriftTest {
  private static final Map<String, String> WANTED =
      KafkaAdmin.withMinInsync(Topics.KPIS.config(), 2);

  @Test
  void shouldReportEveryDifferingSettingAndTheReplicaCount() {
    Map<String, String> found =
        Map.of(
            "message.timestamp.type", "CreateTime",
            "cleanup.policy", "delete",
            "retention.ms", "86400000",
            "min.insync.replicas", "1");

    assertThat(TopicDrift.differences("t", WANTED, (short) 3, found, 1))
        .containsExactlyInAnyOrder(
            new SettingDrift("t", "replication.factor", "1", "3", false),
            new SettingDrift("t", "message.timestamp.type", "CreateTime", "LogAppendTime", false),
            new SettingDrift(
                "t",
                "retention.ms",
                "86400000",
                String.valueOf(Topics.RETENTION.toMillis()),
                false),
            new SettingDrift("t", "min.insync.replicas", "1", "2", false));
  }

  @Test
  void shouldFindNothingOnATopicAsTheMonitorWantsIt() {
    assertThat(TopicDrift.differences("t", WANTED, (short) 3, WANTED, 3)).isEmpty();
  }

  @Test
  void shouldNeverMoveReplicasNorAskMoreInSyncReplicasThanATopicHas() {
    assertThat(
            TopicDrift.changeable(new SettingDrift("t", "replication.factor", "1", "3", false), 1))
        .isFalse();
    assertThat(
            TopicDrift.changeable(new SettingDrift("t", "min.insync.replicas", "1", "2", false), 1))
        .isFalse();
    assertThat(
            TopicDrift.changeable(new SettingDrift("t", "min.insync.replicas", "1", "2", false), 3))
        .isTrue();
    assertThat(TopicDrift.changeable(new SettingDrift("t", "retention.ms", "1", "2", false), 1))
        .isTrue();
  }
}
