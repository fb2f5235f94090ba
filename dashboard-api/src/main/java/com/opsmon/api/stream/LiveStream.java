package com.opsmon.api.stream;

import com.opsmon.api.alerts.FiringAlerts;
import com.opsmon.api.topics.TopicTail;
import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.topics.Topics;
import java.util.Optional;

/**
 * What {@code GET /api/v1/stream} serves: KPI points from the kpis topic (from the moment this
 * starts) and the alert state changes {@link FiringAlerts} reads, through one {@link StreamHub}.
 */
public final class LiveStream implements AutoCloseable {
  private final StreamHub hub;
  private final StreamSettings settings;
  private final TopicTail kpis;

  private LiveStream(StreamHub hub, StreamSettings settings, TopicTail kpis) {
    this.hub = hub;
    this.settings = settings;
    this.kpis = kpis;
  }

  public static LiveStream start(
      String bootstrapServers, StreamSettings settings, Optional<FiringAlerts> alerts) {
    StreamHub hub = new StreamHub(Long.toString(System.currentTimeMillis(), 36), settings);
    alerts.ifPresent(a -> a.listen(hub::publish));
    TopicTail kpis =
        new TopicTail(
                bootstrapServers,
                Topics.KPIS.name(),
                TopicTail.From.END,
                record -> hub.publish(Json.read(record.value(), KpiPoint.class)))
            .start();
    return new LiveStream(hub, settings, kpis);
  }

  public StreamHub hub() {
    return hub;
  }

  public StreamSettings settings() {
    return settings;
  }

  /** Whether the kpis topic is being read (points published from now on reach clients). */
  public boolean reading() {
    return kpis.caughtUp();
  }

  @Override
  public void close() {
    kpis.close();
  }
}
