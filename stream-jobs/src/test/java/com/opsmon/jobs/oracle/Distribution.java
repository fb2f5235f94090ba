package com.opsmon.jobs.oracle;

import java.util.Arrays;

/**
 * Every value of a window, each with how many times it occurred, and their exact quantiles: the
 * nearest rank, the smallest value with at least ⌈q · n⌉ of the n values at or below it. No sketch,
 * no bucket: what the jobs' sketches approximate.
 */
final class Distribution {
  private double[] values = new double[4];
  private long[] counts = new long[4];
  private int size;
  private long total;
  private boolean sorted = true;

  void add(double value, long count) {
    if (count <= 0) {
      return;
    }
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      counts = Arrays.copyOf(counts, size * 2);
    }
    if (size > 0 && value < values[size - 1]) {
      sorted = false;
    }
    values[size] = value;
    counts[size] = count;
    size++;
    total += count;
  }

  long count() {
    return total;
  }

  /**
   * The value at {@code percent} per cent (an integer, so the rank is exact integer arithmetic).
   */
  double quantile(int percent) {
    if (total == 0) {
      throw new IllegalStateException("no values");
    }
    sort();
    long rank = Math.max(1, (percent * total + 99) / 100);
    long seen = 0;
    for (int i = 0; i < size; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return values[i];
      }
    }
    return values[size - 1];
  }

  private void sort() {
    if (sorted) {
      return;
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
    double[] v = new double[size];
    long[] c = new long[size];
    for (int i = 0; i < size; i++) {
      v[i] = values[order[i]];
      c[i] = counts[order[i]];
    }
    values = v;
    counts = c;
    sorted = true;
  }
}
