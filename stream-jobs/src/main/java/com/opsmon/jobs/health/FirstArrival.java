package com.opsmon.jobs.health;

import org.apache.flink.api.common.functions.FilterFunction;

/**
 * Passes the first arrival each parallel instance sees and none after: enough to start {@link
 * WatermarkLag}, without sending every event across the network to it.
 */
public final class FirstArrival implements FilterFunction<Arrival> {
  private transient boolean passed;

  @Override
  public boolean filter(Arrival arrival) {
    if (passed) {
      return false;
    }
    passed = true;
    return true;
  }
}
