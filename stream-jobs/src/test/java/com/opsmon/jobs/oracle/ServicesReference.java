package com.opsmon.jobs.oracle;

import static com.opsmon.jobs.oracle.Buckets.tag;

import com.opsmon.model.events.Event;
import com.opsmon.model.events.EventType;
import com.opsmon.model.events.ServiceCallEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The technical service KPIs by their catalog definitions: requests, server-side failures (5xx or
 * 408) and every request's latency per service, endpoint and region, with exact quantiles.
 *
 * <p>A {@code service_sample} tells its latency only as p50 and p99. The catalog says the sample
 * then counts as values that reproduce those two, log-normal between them; the job's Javadoc
 * ({@code SampledLatency}) says which: ⌈n/2⌉ at p50, values at the 60th, 70th, 80th, 90th, 95th and
 * 97.5th percentiles of the log-normal through p50 and p99 (each bringing the count to ⌈q·n⌉, never
 * to the ⌈0.99·n⌉ where p99 begins), the rest at p99. That stand-in is rebuilt here from the
 * description, exactly (in double milliseconds, with its own normal quantiles), and its quantiles
 * merged with the calls' are what the job's sketch must approximate.
 */
final class ServicesReference implements Reference {
  private static final List<String> TAGS =
      List.of(KpiCatalog.SERVICE, KpiCatalog.ENDPOINT, KpiCatalog.REGION);

  /**
   * The log-normal's points between p50 and p99, as shares of the sample (numerator, per mille).
   */
  private static final int[] SHARES_PER_MILLE = {600, 700, 800, 900, 950, 975};

  private static final double Z_99 = Normal.quantile(0.99);

  /** The latency quantile KPIs and their percentiles. */
  private static final Map<KpiDefinition, Integer> LATENCY =
      Map.of(
          KpiCatalog.SERVICE_LATENCY_P50, 50,
          KpiCatalog.SERVICE_LATENCY_P95, 95,
          KpiCatalog.SERVICE_LATENCY_P99, 99);

  /** What one series and window saw. */
  private static final class Requests {
    long requests;
    long failed;
    final Distribution latencyMs = new Distribution();
  }

  private final Buckets<Requests> buckets =
      new Buckets<>(TAGS, KpiCatalog.SERVICE_REQUESTS.windows(), Requests::new);

  @Override
  public List<KpiDefinition> kpis() {
    return List.of(
        KpiCatalog.SERVICE_REQUESTS,
        KpiCatalog.SERVICE_ERROR_RATE,
        KpiCatalog.SERVICE_LATENCY_P50,
        KpiCatalog.SERVICE_LATENCY_P95,
        KpiCatalog.SERVICE_LATENCY_P99,
        KpiCatalog.AVAILABILITY);
  }

  @Override
  public void add(Event event) {
    if (!(event instanceof ServiceCallEvent call)) {
      return;
    }
    long requests;
    long failed;
    List<double[]> latencies = new ArrayList<>(); // {ms, how many}
    if (call.type() == EventType.SERVICE_CALL) {
      requests = 1;
      failed = failedOnServer(call.statusCode()) ? 1 : 0;
      if (call.latencyMs() != null) {
        latencies.add(new double[] {call.latencyMs(), 1});
      }
    } else if (call.type() == EventType.SERVICE_SAMPLE) {
      requests = call.count() == null ? 0 : call.count();
      failed = call.errors() == null ? 0 : call.errors();
      standIn(requests, call.latencyP50Ms(), call.latencyP99Ms(), latencies);
    } else {
      return;
    }
    Map<String, String> tags = new TreeMap<>();
    tags.put(KpiCatalog.SERVICE, tag(call.service()));
    tags.put(KpiCatalog.ENDPOINT, tag(call.endpoint()));
    tags.put(KpiCatalog.REGION, tag(call.region()));
    buckets.at(
        tags,
        call.occurredAt(),
        b -> {
          b.requests += requests;
          b.failed += failed;
          latencies.forEach(l -> b.latencyMs.add(l[0], (long) l[1]));
        });
  }

  /** A 5xx, or 408 (the server did not answer in time). */
  private static boolean failedOnServer(Integer status) {
    return status != null && (status / 100 == 5 || status == 408);
  }

  /** The latencies a sample of {@code n} requests stands for (see the class comment). */
  static void standIn(long n, Double p50, Double p99, List<double[]> out) {
    if (n <= 0 || (p50 == null && p99 == null)) {
      return;
    }
    if (p50 == null || p99 == null) {
      out.add(new double[] {p50 != null ? p50 : p99, n});
      return;
    }
    double high = Math.max(p50, p99);
    long placed = atOrBelow(500, n);
    out.add(new double[] {p50, placed});
    long p99Rank = atOrBelow(990, n);
    if (high > p50) {
      for (int perMille : SHARES_PER_MILLE) {
        long upTo = Math.min(atOrBelow(perMille, n), p99Rank - 1);
        if (upTo > placed) {
          double z = Normal.quantile(perMille / 1000.0);
          out.add(new double[] {p50 * Math.pow(high / p50, z / Z_99), upTo - placed});
          placed = upTo;
        }
      }
    }
    out.add(new double[] {high, n - placed});
  }

  /** ⌈perMille/1000 · n⌉, in integers. */
  private static long atOrBelow(int perMille, long n) {
    return (perMille * n + 999) / 1000;
  }

  @Override
  public void values(BiConsumer<PointKey, Double> out) {
    buckets.forEach(
        (key, b) -> {
          out.accept(
              buckets.point(key, KpiCatalog.SERVICE_REQUESTS.name(), Map.of()),
              (double) b.requests);
          if (b.requests > 0) {
            out.accept(
                buckets.point(key, KpiCatalog.SERVICE_ERROR_RATE.name(), Map.of()),
                (double) b.failed / b.requests);
            out.accept(
                buckets.point(key, KpiCatalog.AVAILABILITY.name(), Map.of()),
                (double) (b.requests - b.failed) / b.requests);
          }
          if (b.latencyMs.count() > 0) {
            LATENCY.forEach(
                (kpi, percent) ->
                    out.accept(
                        buckets.point(key, kpi.name(), Map.of()), b.latencyMs.quantile(percent)));
          }
        });
  }

  /**
   * Latency quantiles: the job keeps latency in a sketch of tenths of a millisecond, so each value
   * is rounded to 0.05 ms, and the sketch's two significant digits read a quantile back within 1%
   * above it (HdrHistogram's highest equivalent value of its bucket). Rounding is monotone, so the
   * job's quantile is the reference's nearest-rank value up to those two errors. The job also
   * rounds a sample's log-normal points to tenths, inside the same 0.05 ms.
   */
  @Override
  public double tolerance(String kpi, double expected) {
    if (LATENCY.keySet().stream().anyMatch(k -> k.name().equals(kpi))) {
      return SKETCH * Math.abs(expected) + 0.05 + EXACT;
    }
    return Reference.super.tolerance(kpi, expected);
  }
}
