package com.opsmon.model.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.topics.TopicSettings;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsAppsTest {
  @Test
  void shouldReplicateTheInternalTopicsAsTheMonitorsOwn() {
    Properties props =
        StreamsApps.exactlyOnce(
            "broker:9092", "app", Path.of("state"), new TopicSettings(6, (short) 3, 2));

    StreamsConfig config = new StreamsConfig(props);
    assertThat(config.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(3);
    assertThat(config.originalsWithPrefix(StreamsConfig.TOPIC_PREFIX))
        .containsEntry("min.insync.replicas", 2);
    assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
  }

  @Test
  void shouldHandADeadInstancesPartitionsOnWithinTenSeconds() {
    StreamsConfig config =
        new StreamsConfig(StreamsApps.exactlyOnce("broker:9092", "app", Path.of("state")));

    assertThat(config.getMainConsumerConfigs("app", "client", 0))
        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000)
        .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
  }
}
