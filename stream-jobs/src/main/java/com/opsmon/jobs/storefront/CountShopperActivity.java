package com.opsmon.jobs.storefront;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Adds shopper activity into a series' {@link StorefrontTotals}, one at a time. */
public final class CountShopperActivity
    implements AggregateFunction<ShopperActivity, StorefrontTotals, StorefrontTotals> {
  @Override
  public StorefrontTotals createAccumulator() {
    return new StorefrontTotals();
  }

  @Override
  public StorefrontTotals add(ShopperActivity activity, StorefrontTotals totals) {
    totals.add(activity);
    return totals;
  }

  @Override
  public StorefrontTotals getResult(StorefrontTotals totals) {
    return totals;
  }

  @Override
  public StorefrontTotals merge(StorefrontTotals a, StorefrontTotals b) {
    a.addAll(b);
    return a;
  }
}
