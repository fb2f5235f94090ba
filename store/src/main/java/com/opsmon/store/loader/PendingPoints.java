package com.opsmon.store.loader;

import com.opsmon.model.kpi.KpiPoint;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Points read from the topic and not yet stored, with the offsets to commit once they are. A later
 * point for the same KPI, series and window supersedes an earlier one: only the latest is written.
 */
final class PendingPoints {
  private final Map<String, KpiPoint> points = new LinkedHashMap<>();
  private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
  private long records;
  private long firstAddedAtMs = -1;

  /** Adds a record's point (null when the record carried none) and advances its offset. */
  void add(TopicPartition partition, long offset, KpiPoint point, long nowMs) {
    if (point != null) {
      points.put(point.replacementKey(), point);
    }
    offsets.put(partition, new OffsetAndMetadata(offset + 1));
    records++;
    if (firstAddedAtMs < 0) {
      firstAddedAtMs = nowMs;
    }
  }

  boolean isEmpty() {
    return records == 0;
  }

  /** Records read, including superseded ones and ones that carried no point. */
  long records() {
    return records;
  }

  int points() {
    return points.size();
  }

  boolean due(int batchSize, long flushIntervalMs, long nowMs) {
    return !isEmpty() && (points.size() >= batchSize || nowMs - firstAddedAtMs >= flushIntervalMs);
  }

  Collection<KpiPoint> pointList() {
    return List.copyOf(points.values());
  }

  Map<TopicPartition, OffsetAndMetadata> offsets() {
    return Map.copyOf(offsets);
  }
}
