package com.opsmon.jobs.storefront;

import com.opsmon.model.events.Event;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.events.StorefrontEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.SeriesKey;

/** What a shopper did: a storefront visit (session, checkout) or an order, exactly one of them. */
public record ShopperActivity(StorefrontEvent visit, OrderEvent order) {
  public static ShopperActivity of(StorefrontEvent visit) {
    return new ShopperActivity(visit, null);
  }

  public static ShopperActivity of(OrderEvent order) {
    return new ShopperActivity(null, order);
  }

  public Event event() {
    return visit != null ? visit : order;
  }

  /** The region and channel it counts in. */
  public String series() {
    return visit != null
        ? SeriesKey.of(KpiCatalog.REGION, visit.region(), KpiCatalog.CHANNEL, visit.channel())
        : SeriesKey.of(KpiCatalog.REGION, order.region(), KpiCatalog.CHANNEL, order.channel());
  }
}
