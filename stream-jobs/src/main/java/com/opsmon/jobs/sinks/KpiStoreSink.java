package com.opsmon.jobs.sinks;

import com.influxdb.exceptions.InfluxException;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.store.KpiSchema;
import com.opsmon.store.KpiStores;
import com.opsmon.store.KpiWriter;
import com.opsmon.store.StoreSettings;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes KPI points to the time-series store in batches: when a batch is full, at least every
 * {@code flushInterval}, and before every checkpoint, so a completed checkpoint means the points
 * are stored (at-least-once; a rewrite replaces the point, so a replay never double-counts). A
 * write the store may accept later (unreachable, 5xx, 429) is retried with back-off, backing up
 * this sink's pipeline rather than dropping points; a batch the store refuses for good (400, 413,
 * 422) and a point that cannot be stored are logged and counted as {@code kpiPointsRefused}.
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
    SinkWriterMetricGroup metrics = context.metricGroup();
    return new Writer(
        KpiStores.writer(settings),
        batchSize,
        flushInterval,
        context.getProcessingTimeService(),
        metrics.getNumRecordsSendCounter(),
        metrics.counter("kpiPointsRefused"));
  }

  static final class Writer implements SinkWriter<KpiPoint> {
    private static final Logger log = LoggerFactory.getLogger(KpiStoreSink.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Set<Integer> REFUSED_FOR_GOOD = Set.of(400, 413, 422);

    private final KpiWriter writer;
    private final int batchSize;
    private final long flushIntervalMs;
    private final ProcessingTimeService time;
    private final Counter written;
    private final Counter refused;
    // later points for the same window and series supersede earlier ones within a batch
    private final Map<String, KpiPoint> batch = new LinkedHashMap<>();
    private boolean timerSet;

    Writer(
        KpiWriter writer,
        int batchSize,
        Duration flushInterval,
        ProcessingTimeService time,
        Counter written,
        Counter refused) {
      this.writer = writer;
      this.batchSize = batchSize;
      this.flushIntervalMs = flushInterval.toMillis();
      this.time = time;
      this.written = written;
      this.refused = refused;
    }

    @Override
    public void write(KpiPoint point, Context context) throws IOException, InterruptedException {
      try {
        KpiSchema.check(point);
      } catch (IllegalArgumentException e) {
        log.error("KPI point {} cannot be stored: {}", point.replacementKey(), e.getMessage());
        refused.inc();
        return;
      }
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
        } catch (InfluxException e) {
          if (REFUSED_FOR_GOOD.contains(e.status())) {
            log.error(
                "the KPI store refused {} points for good (HTTP {}): {}",
                batch.size(),
                e.status(),
                e.getMessage());
            refused.inc(batch.size());
            batch.clear();
            return;
          }
          backoff = retryAfter(backoff, e);
        } catch (RuntimeException e) {
          backoff = retryAfter(backoff, e);
        }
      }
    }

    private Duration retryAfter(Duration backoff, RuntimeException failure)
        throws InterruptedException {
      if (Thread.currentThread().isInterrupted() || causedByInterrupt(failure)) {
        // the task is being cancelled: stop retrying
        throw new InterruptedException("KPI store write interrupted");
      }
      log.warn(
          "KPI store write of {} points failed, retrying in {}: {}",
          batch.size(),
          backoff,
          failure.getMessage());
      Thread.sleep(backoff.toMillis());
      Duration doubled = backoff.multipliedBy(2);
      return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    private static boolean causedByInterrupt(Throwable failure) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        if (t instanceof InterruptedException || t instanceof InterruptedIOException) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void close() {
      writer.close();
    }
  }
}
