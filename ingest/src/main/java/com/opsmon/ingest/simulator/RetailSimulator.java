package com.opsmon.ingest.simulator;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A deterministic online retailer: storefront sessions, orders and their fulfilment, inventory, the
 * technical services behind checkout and the customer-service desk, with the settings' incidents
 * injected. All randomness comes from one generator seeded with the settings' seed, so the same
 * settings give the same events, whether they are pulled in one call or in many.
 */
public final class RetailSimulator {
  private final Timeline timeline;
  private final EventEmitter events;

  public RetailSimulator(SimulationSettings settings) {
    IncidentEffects incidents = new IncidentEffects(settings.incidents());
    Catalogue catalogue = Catalogue.ofSize(settings.skus());
    Behaviour.Rates rates = Behaviour.rates(settings.eventsPerSecond(), catalogue.size());
    this.timeline = new Timeline(ceilMillis(settings.start()));
    Ids ids = new Ids(settings);
    this.events = new EventEmitter(ids, incidents);
    SimContext ctx =
        new SimContext(timeline, new Dice(settings.seed()), events, incidents, ids, catalogue);
    Inventory inventory = new Inventory(ctx, rates.ordersPerSecond(), rates.snapshotEvery());
    TechServices services = new TechServices(ctx);
    CustomerService care = new CustomerService(ctx);
    OrderFlow orders = new OrderFlow(ctx, inventory, services, care);
    Storefront storefront = new Storefront(ctx, rates.sessionsPerSecond(), orders, services, care);
    inventory.start();
    storefront.start();
  }

  /**
   * Emits, in event-time order, every event with occurredAt before {@code until} not yet emitted.
   * If {@code out} throws, the event it refused is offered again first on the next call.
   */
  public synchronized void advanceTo(Instant until, Consumer<SimulatedEvent> out) {
    Objects.requireNonNull(out, "out");
    long limit = ceilMillis(until);
    events.drainTo(out);
    while (timeline.hasDueBefore(limit)) {
      timeline.runNext();
      events.drainTo(out);
    }
  }

  /** Events carry millisecond times: one at {@code m} ms is before {@code t} iff m < ceil(t). */
  private static long ceilMillis(Instant t) {
    long millis = t.toEpochMilli();
    return t.getNano() % 1_000_000 == 0 ? millis : millis + 1;
  }
}
