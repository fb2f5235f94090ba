package com.opsmon.jobs.orders;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * What one window of one region's created orders adds up to: how many, and the revenue per currency
 * (summed exactly, never across currencies).
 */
public final class OrderTotals {
  public long orders;
  public Map<String, BigDecimal> revenueByCurrency = new HashMap<>();

  public OrderTotals() {}

  public OrderTotals(long orders, Map<String, BigDecimal> revenueByCurrency) {
    this.orders = orders;
    this.revenueByCurrency = new HashMap<>(revenueByCurrency);
  }
}
