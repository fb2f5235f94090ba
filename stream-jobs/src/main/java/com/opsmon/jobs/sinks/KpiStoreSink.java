package com.opsmon.jobs.sinks;

import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.store.KpiStores;
import com.opsmon.store.KpiWriter;
import com.opsmon.store.StoreSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes KPI points to the time-series store in batches: when a batch is full, at least every
 * {@code flushInterval}, and before every checkpoint, so a completed checkpoint means the points
 * are stored (at-least-once; a rewrite replaces the point, so a replay never double-counts). A
 * failed write is retried with back-off; while the store is down the job backs up instead of
 * dropping points.
 */
public final class KpiStoreSink implements Sink<KpiPoint> {
  private final StoreSettings settings;
  private final int batchSize;
  private final Duration flushInterval;

  public KpiStoreSink(StoreSettings settings, int batchSize, Duration flushInterval) {
    this.settings = settings;
    this.batchSize = batchSize;
    this.flushInterval = flushInterval;
  }

  @Override
  public SinkWriter<KpiPoint> createWriter(WriterInitContext context) {
    return new Writer(
        KpiStores.writer(settings),
        batchSize,
        flushInterval,
        context.getProcessingTimeService(),
        context.metricGroup().getNumRecordsSendCounter());
  }

  static final class Writer implements SinkWriter<KpiPoint> {
    private static final Logger log = LoggerFactory.getLogger(KpiStoreSink.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final KpiWriter writer;
    private final int batchSize;
    private final long flushIntervalMs;
    private final ProcessingTimeService time;
    private final Counter written;
    // later points for the same window and series supersede earlier ones within a batch
    private final Map<String, KpiPoint> batch = new LinkedHashMap<>();
    private boolean timerSet;

    Writer(
        KpiWriter writer,
        int batchSize,
        Duration flushInterval,
        ProcessingTimeService time,
        Counter written) {
      this.writer = writer;
      this.batchSize = batchSize;
      this.flushIntervalMs = flushInterval.toMillis();
      this.time = time;
      this.written = written;
    }

    @Override
    public void write(KpiPoint point, Context context) throws IOException, InterruptedException {
      batch.put(point.replacementKey(), point);
      if (batch.size() >= batchSize) {
        flush(false);
      } else if (!timerSet) {
        timerSet = true;
        time.registerTimer(
            time.getCurrentProcessingTime() + flushIntervalMs,
            at -> {
              timerSet = false;
              flush(false);
            });
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
      if (batch.isEmpty()) {
        return;
      }
      Duration backoff = Duration.ofMillis(100);
      while (true) {
        try {
          writer.write(batch.values());
          written.inc(batch.size());
          batch.clear();
          return;
        } catch (RuntimeException e) {
          log.warn(
              "KPI store write of {} points failed, retrying in {}: {}",
              batch.size(),
              backoff,
              e.getMessage());
          Thread.sleep(backoff.toMillis());
          backoff =
              backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                  ? MAX_BACKOFF
                  : backoff.multipliedBy(2);
        }
      }
    }

    @Override
    public void close() {
      writer.close();
    }
  }
}
