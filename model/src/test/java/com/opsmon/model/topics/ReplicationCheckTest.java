package com.opsmon.model.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opsmon.model.config.Flags;
import com.opsmon.model.topics.ReplicationCheck.Outcome;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicationCheckTest {
  @ParameterizedTest(name = "{0} broker(s), replication {1}, min.insync {2}: {3}")
  @CsvSource({
    // brokers, replication, min.insync, outcome, advice (or the start of the refusal)
    "1, 1, 1, FINE,   ''",
    "1, 3, 2, REFUSE, topics need replication 3 but the cluster has 1 broker(s)",
    "1, 1, 2, REFUSE, --min-insync 2 is more than the 1 replica(s)",
    "2, 1, 1, WARN,   set --replication 2 --min-insync 1",
    "2, 2, 1, FINE,   ''",
    "2, 2, 2, WARN,   set --replication 2 --min-insync 1",
    "2, 3, 2, REFUSE, topics need replication 3 but the cluster has 2 broker(s)",
    "3, 1, 1, WARN,   set --replication 3 --min-insync 2",
    "3, 2, 1, WARN,   set --replication 3 --min-insync 2",
    "3, 2, 2, WARN,   set --replication 3 --min-insync 2",
    "3, 3, 1, WARN,   set --replication 3 --min-insync 2",
    "3, 3, 2, FINE,   ''",
    "3, 3, 3, WARN,   set --replication 3 --min-insync 2",
    "3, 3, 4, REFUSE, --min-insync 4 is more than the 3 replica(s)",
    "3, 4, 3, REFUSE, topics need replication 4 but the cluster has 3 broker(s)",
    "6, 1, 1, WARN,   set --replication 3 --min-insync 2",
    "6, 3, 2, FINE,   ''",
    "6, 5, 3, FINE,   ''",
    "6, 5, 1, WARN,   set --replication 5 --min-insync 4",
    "0, 1, 1, REFUSE, the cluster reports no brokers",
  })
  void shouldJudgeTheReplicationByTheBrokersTheClusterHas(
      int brokers, short replication, int minInsync, Outcome outcome, String says) {
    ReplicationCheck.Verdict verdict =
        ReplicationCheck.check(brokers, new TopicSettings(1, replication, minInsync));

    assertThat(verdict.outcome()).isEqualTo(outcome);
    assertThat(verdict.message()).contains(says);
  }

  @Test
  void shouldSayWhatIsLostAndWhatToSetInOneSentence() {
    assertThat(ReplicationCheck.check(3, TopicSettings.of(1, (short) 1)).message())
        .isEqualTo(
            "topics have replication 1 on a 3-broker cluster: losing the broker that holds a"
                + " partition loses its records; set --replication 3 --min-insync 2"
                + " (OPSMON_REPLICATION, OPSMON_MIN_INSYNC)");
    assertThat(ReplicationCheck.check(1, TopicSettings.of(1, (short) 3)).message())
        .isEqualTo(
            "topics need replication 3 but the cluster has 1 broker(s): lower --replication"
                + " (OPSMON_REPLICATION) to at most 1");
  }

  @Test
  void shouldReadTheSettingsFromFlagsWithAllButOneReplicaInSyncByDefault() {
    assertThat(TopicSettings.fromFlags(Flags.parse(new String[0], Map.of()), 3))
        .isEqualTo(new TopicSettings(3, (short) 1, 1));
    assertThat(
            TopicSettings.fromFlags(
                Flags.parse(new String[] {"--replication", "3"}, Map.of("OPSMON_PARTITIONS", "6")),
                3))
        .isEqualTo(new TopicSettings(6, (short) 3, 2));
    assertThat(
            TopicSettings.fromFlags(
                Flags.parse(new String[] {"--replication", "3", "--min-insync", "3"}, Map.of()), 3))
        .isEqualTo(new TopicSettings(3, (short) 3, 3));
    assertThatThrownBy(
            () ->
                TopicSettings.fromFlags(
                    Flags.parse(new String[] {"--min-insync", "0"}, Map.of()), 3))
        .hasMessage("--min-insync must be at least 1, got 0");
  }
}
