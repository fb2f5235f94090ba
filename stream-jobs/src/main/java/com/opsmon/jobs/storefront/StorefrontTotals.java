package com.opsmon.jobs.storefront;

import com.opsmon.jobs.kpi.KpiAccumulator;
import com.opsmon.jobs.kpi.KpiPoints;
import com.opsmon.model.events.EventType;
import com.opsmon.model.kpi.KpiCatalog;

/**
 * What one series' shoppers did: sessions started, checkouts started and orders created. Orders and
 * sessions are counted in the window they happened in, not tied to each other: an order from a
 * session of the minute before counts in its own minute.
 */
public final class StorefrontTotals implements KpiAccumulator<StorefrontTotals> {
  public long sessions;
  public long checkouts;
  public long orders;

  public StorefrontTotals() {}

  /** Counts one activity; anything but sessions, checkouts and created orders is ignored. */
  public void add(ShopperActivity activity) {
    if (activity.visit() != null) {
      switch (activity.visit().type()) {
        case SESSION_STARTED -> sessions++;
        case CHECKOUT_STARTED -> checkouts++;
        default -> {}
      }
    } else if (activity.order().type() == EventType.ORDER_CREATED) {
      orders++;
    }
  }

  @Override
  public void addAll(StorefrontTotals other) {
    sessions += other.sessions;
    checkouts += other.checkouts;
    orders += other.orders;
  }

  @Override
  public void emit(KpiPoints out) {
    out.point(KpiCatalog.SESSIONS, sessions);
    out.point(KpiCatalog.CHECKOUT_STARTS, checkouts);
    out.ratio(KpiCatalog.CONVERSION, orders, sessions);
    if (checkouts > 0) {
      out.point(KpiCatalog.CHECKOUT_ABANDONMENT, 1 - orders / (double) checkouts);
    }
  }
}
