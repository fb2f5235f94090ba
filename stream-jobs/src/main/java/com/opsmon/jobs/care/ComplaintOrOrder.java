package com.opsmon.jobs.care;

import com.opsmon.model.events.Event;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.events.TicketEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.SeriesKey;

/** One side of {@code complaint_rate}: a complaint ticket opened, or an order created. */
public record ComplaintOrOrder(TicketEvent complaint, OrderEvent order) {
  public static ComplaintOrOrder of(TicketEvent complaint) {
    return new ComplaintOrOrder(complaint, null);
  }

  public static ComplaintOrOrder of(OrderEvent order) {
    return new ComplaintOrOrder(null, order);
  }

  public Event event() {
    return complaint != null ? complaint : order;
  }

  /** The region and channel it counts in. */
  public String series() {
    return complaint != null
        ? SeriesKey.of(
            KpiCatalog.REGION, complaint.region(), KpiCatalog.CHANNEL, complaint.channel())
        : SeriesKey.of(KpiCatalog.REGION, order.region(), KpiCatalog.CHANNEL, order.channel());
  }
}
