package com.opsmon.jobs.services;

import com.opsmon.jobs.kpi.Sketch;

/**
 * Puts the latency of a {@code service_sample} into a sketch. A sample gives its {@code count}
 * requests' latency only as two quantiles, p50 and p99, so the sketch gets {@code count} values
 * chosen to reproduce them:
 *
 * <ul>
 *   <li>⌈count/2⌉ values at p50;
 *   <li>at the 60th, 70th, 80th, 90th, 95th and 97.5th percentiles of the log-normal distribution
 *       through p50 and p99 ({@code p50 · (p99/p50)^(z_q / z_0.99)}), as many values as bring the
 *       running count to ⌈q · count⌉, but never to the ⌈0.99 · count⌉ at which p99 begins;
 *   <li>the rest, at least 1% of the count, at p99.
 * </ul>
 *
 * So the sketch of a sample alone reads back the sample's p50 and p99 (to the sketch's 1%) and, in
 * between, a p95 that assumes log-normal latency. It is an approximation in two ways: the half
 * below p50 is put at p50, so quantiles below the median are overstated; and nothing is put above
 * p99, because the sample says nothing of its tail, so a merged p99.9 never exceeds a sample's p99.
 * Merged with other samples and single calls, each sample weighs exactly its count. A sample with
 * one quantile puts all its values there; one without either adds requests but no latency; a p99
 * below the p50 is read as equal to it.
 */
public final class SampledLatency {
  /** Percentiles of the fitted log-normal placed between p50 and p99. */
  private static final double[] SHARES = {0.6, 0.7, 0.8, 0.9, 0.95, 0.975};

  /** The standard normal quantiles of {@link #SHARES}. */
  private static final double[] Z = {
    0.2533471031, 0.5244005127, 0.8416212336, 1.2815515655, 1.6448536270, 1.9599639845
  };

  private static final double Z_99 = 2.3263478740;

  private SampledLatency() {}

  /**
   * @param count the sample's requests
   * @param p50 its median latency in sketch units, or null
   * @param p99 its 99th percentile latency in sketch units, or null
   */
  public static void record(Sketch sketch, long count, Long p50, Long p99) {
    if (count <= 0 || (p50 == null && p99 == null)) {
      return;
    }
    if (p50 == null || p99 == null) {
      sketch.record(p50 != null ? p50 : p99, count);
      return;
    }
    long low = Math.max(0, p50);
    long high = Math.max(low, p99);
    long p99Starts = rank(0.99, count);
    long recorded = rank(0.5, count);
    sketch.record(low, recorded);
    if (high > low) {
      // a median of 0 would make the log-normal degenerate: fit it through the smallest unit
      double base = Math.max(low, 1);
      double spread = Math.log(high / base);
      for (int i = 0; i < SHARES.length; i++) {
        long upTo = Math.min(rank(SHARES[i], count), p99Starts - 1);
        if (upTo > recorded) {
          sketch.record(Math.round(base * Math.exp(spread * Z[i] / Z_99)), upTo - recorded);
          recorded = upTo;
        }
      }
    }
    sketch.record(high, count - recorded);
  }

  /**
   * How many of {@code count} values lie at or below quantile {@code share}, as HdrHistogram counts
   * when it looks a quantile up: ⌈share · count⌉, at least 1 (the margin absorbs 0.95 · 100 being
   * 95.00000000000001 in binary).
   */
  static long rank(double share, long count) {
    return Math.max(1, Math.min(count, (long) Math.ceil(share * count - 1e-9)));
  }
}
