package com.opsmon.jobs;

import com.opsmon.model.events.EventType;
import com.opsmon.model.events.OrderEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Order events for tests, with fresh ids. */
public final class TestOrders {
  private static final AtomicLong IDS = new AtomicLong();

  private TestOrders() {}

  public static OrderEvent created(Instant at, String region, String amount, String currency) {
    long id = IDS.incrementAndGet();
    return new OrderEvent(
        EventType.ORDER_CREATED,
        "e-" + id,
        "o-" + id,
        at,
        region,
        "web",
        "ams-1",
        new BigDecimal(amount),
        currency,
        null);
  }

  public static OrderEvent shipped(Instant at, String region) {
    long id = IDS.incrementAndGet();
    return new OrderEvent(
        EventType.ORDER_SHIPPED,
        "e-" + id,
        "o-" + id,
        at,
        region,
        "web",
        "ams-1",
        null,
        null,
        null);
  }
}
