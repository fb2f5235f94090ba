package com.opsmon.jobs.oracle;

import static com.opsmon.jobs.oracle.Buckets.tag;

import com.opsmon.model.events.Event;
import com.opsmon.model.events.InventoryEvent;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.events.ServiceCallEvent;
import com.opsmon.model.events.StorefrontEvent;
import com.opsmon.model.events.TicketEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * {@code events_in}, the one data-health KPI that depends on the events alone: every event in the
 * window of its own event time, per source (its topic: tickets travel with service calls) and
 * region ({@code unknown} when it has none, as inventory events never do). No event of the oracle's
 * input is late, so none is left out. {@code late_events} and {@code watermark_lag} measure the
 * run, not the events, and are not checked here.
 */
final class EventsInReference implements Reference {
  private static final class Count {
    long events;
  }

  private final Buckets<Count> buckets =
      new Buckets<>(List.of(KpiCatalog.REGION), KpiCatalog.EVENTS_IN.windows(), Count::new);

  @Override
  public List<KpiDefinition> kpis() {
    return List.of(KpiCatalog.EVENTS_IN);
  }

  @Override
  public void add(Event event) {
    String source;
    String region;
    if (event instanceof OrderEvent e) {
      source = "orders";
      region = e.region();
    } else if (event instanceof InventoryEvent) {
      source = "inventory";
      region = null;
    } else if (event instanceof ServiceCallEvent e) {
      source = "service";
      region = e.region();
    } else if (event instanceof TicketEvent e) {
      source = "service";
      region = e.region();
    } else if (event instanceof StorefrontEvent e) {
      source = "storefront";
      region = e.region();
    } else {
      throw new IllegalArgumentException("an event of no known source: " + event);
    }
    buckets.at(
        Map.of(KpiCatalog.SOURCE, source, KpiCatalog.REGION, tag(region)),
        event.occurredAt(),
        c -> c.events++);
  }

  @Override
  public void values(BiConsumer<PointKey, Double> out) {
    buckets.forEach(
        (key, c) ->
            out.accept(
                buckets.point(key, KpiCatalog.EVENTS_IN.name(), Map.of()), (double) c.events));
  }
}
