package com.opsmon.model.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the native memory of every RocksDB store of the process's Kafka Streams apps, together:
 * one block cache of {@link #TOTAL_BYTES}, shared by every store, holds their blocks, their index
 * and filter blocks and (through one write buffer manager) their memtables. RocksDB's defaults are
 * per store, a 50 MB block cache and three 16 MB memtables each, and a window store opens a RocksDB
 * instance per segment; that memory is outside the Java heap, where nothing else limits it.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
  /** Block cache, index and filter blocks and memtables of every store together. */
  static final long TOTAL_BYTES = 48L << 20;

  /** The share of {@link #TOTAL_BYTES} the memtables may take before the largest is flushed. */
  static final long MEMTABLE_BYTES = 16L << 20;

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(Shared.CACHE);
    // index and filter blocks in the cache, so they count against it, kept before data blocks
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(Shared.WRITE_BUFFERS);
  }

  @Override
  public void close(String storeName, Options options) {
    // the cache and the write buffer manager outlive every store: they are never closed
  }

  /** Created when the first store is configured, once Kafka Streams has loaded RocksDB. */
  static final class Shared {
    static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, 0.1);
    static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);

    private Shared() {}
  }
}
