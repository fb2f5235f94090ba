package com.opsmon.launcher.bench;

import java.util.Arrays;

/** Latency samples in milliseconds, and their percentiles (nearest rank). */
final class Latencies {
  private double[] samples = new double[1024];
  private int size;

  synchronized void add(double millis) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = millis;
  }

  synchronized void addAll(Latencies other) {
    double[] theirs = other.snapshot();
    for (double sample : theirs) {
      add(sample);
    }
  }

  synchronized int count() {
    return size;
  }

  /** The {@code p}-th percentile (0–100) by nearest rank; NaN without samples. */
  synchronized double percentile(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    double[] sorted = snapshot();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private synchronized double[] snapshot() {
    return Arrays.copyOf(samples, size);
  }
}
