package com.opsmon.api.stream;

import com.opsmon.api.topics.TopicTail;
import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.topics.Topics;
import java.util.List;

/**
 * What {@code GET /api/v1/stream} serves: KPI points from the kpis topic, the partial points of
 * windows still open from theirs, and alerts' new states from the alert manager's alert-state topic
 * (committed records, from the moment this starts), through one {@link StreamHub}.
 */
public final class LiveStream implements AutoCloseable {
  private final StreamHub hub;
  private final StreamSettings settings;
  private final List<TopicTail> tails;

  private LiveStream(StreamHub hub, StreamSettings settings, List<TopicTail> tails) {
    this.hub = hub;
    this.settings = settings;
    this.tails = tails;
  }

  public static LiveStream start(String bootstrapServers, StreamSettings settings) {
    StreamHub hub = new StreamHub(Long.toString(System.currentTimeMillis(), 36), settings);
    TopicTail alerts =
        new TopicTail(
                bootstrapServers,
                Topics.ALERT_STATE.name(),
                TopicTail.From.END,
                record -> {
                  if (record.value() != null) { // a tombstone: the alert manager forgot an alert
                    hub.publish(Json.read(record.value(), AlertView.class));
                  }
                })
            .start();
    TopicTail kpis =
        new TopicTail(
                bootstrapServers,
                Topics.KPIS.name(),
                TopicTail.From.END,
                record -> hub.publish(Json.read(record.value(), KpiPoint.class)))
            .start();
    TopicTail partials =
        new TopicTail(
                bootstrapServers,
                Topics.KPI_PARTIALS.name(),
                TopicTail.From.END,
                record -> hub.publishPartial(Json.read(record.value(), KpiPoint.class)))
            .start();
    return new LiveStream(hub, settings, List.of(kpis, partials, alerts));
  }

  public StreamHub hub() {
    return hub;
  }

  public StreamSettings settings() {
    return settings;
  }

  /** Whether every topic is being read (what is published from now on reaches clients). */
  public boolean reading() {
    return tails.stream().allMatch(TopicTail::caughtUp);
  }

  @Override
  public void close() {
    tails.forEach(TopicTail::close);
  }
}
