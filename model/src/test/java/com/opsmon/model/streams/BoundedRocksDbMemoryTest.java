package com.opsmon.model.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbMemoryTest {
  @Test
  void shouldBeTheConfigOfEveryStreamsApp() {
    StreamsConfig config =
        new StreamsConfig(StreamsApps.exactlyOnce("broker:9092", "app", Path.of("state")));

    assertThat(config.getClass(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
        .isEqualTo(BoundedRocksDbMemory.class);
  }

  @Test
  void shouldShareOneBoundedCacheAndOneWriteBufferManagerAmongAllStores() {
    RocksDB.loadLibrary();
    BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
    try (Options dedup = withTable();
        Options alerts = withTable()) {
      setter.setConfig("seen-event-ids.1700000000000", dedup, Map.of());
      setter.setConfig("alerts", alerts, Map.of());

      assertThat(dedup.writeBufferManager())
          .isSameAs(alerts.writeBufferManager())
          .isSameAs(BoundedRocksDbMemory.Shared.WRITE_BUFFERS);
      BlockBasedTableConfig table = (BlockBasedTableConfig) dedup.tableFormatConfig();
      assertThat(table.cacheIndexAndFilterBlocks()).isTrue();

      // a store that closes must leave the shared cache to the others
      setter.close("alerts", alerts);
      assertThat(BoundedRocksDbMemory.Shared.CACHE.isOwningHandle()).isTrue();
      assertThat(BoundedRocksDbMemory.Shared.WRITE_BUFFERS.isOwningHandle()).isTrue();
    }
  }

  private static Options withTable() {
    return new Options().setTableFormatConfig(new BlockBasedTableConfig());
  }
}
