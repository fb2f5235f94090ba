package com.opsmon.store.loader;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.store.StoreSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class StoreLoaderSettingsTest {
  @Test
  void shouldReadOnlyCommittedPointsAndLeaveADeadLoadersGroupWithinTenSeconds() {
    StoreLoaderConfig config =
        StoreLoaderConfig.defaults(
            "broker:9092", StoreSettings.influxDb("http://store:8086", "token", "org", "bucket"));

    assertThat(StoreLoader.consumerSettings(config))
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, StoreLoaderConfig.DEFAULT_GROUP)
        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
  }
}
