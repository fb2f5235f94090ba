package com.opsmon.launcher.bench;

import java.time.Duration;

/** So many events in so much time. */
record Throughput(long events, Duration took) {
  double perSecond() {
    return took.isZero() ? 0 : events / (took.toNanos() / 1e9);
  }
}
