package com.opsmon.jobs.services;

import com.opsmon.jobs.kpi.KpiAccumulator;
import com.opsmon.jobs.kpi.KpiPoints;
import com.opsmon.jobs.kpi.Sketch;
import com.opsmon.model.events.ServiceCallEvent;
import com.opsmon.model.kpi.KpiCatalog;

/**
 * What one series' requests add up to: how many, how many failed on the server's side, and a sketch
 * of their latency in tenths of a millisecond.
 *
 * <p>A {@code service_call} is one request: it failed on the server's side when its status is 5xx
 * or 408 (a timeout); its {@code latencyMs} goes into the sketch. A {@code service_sample} adds its
 * {@code count} to the requests and its {@code errors} (taken to be server-side failures, at most
 * the count) to the failures, exactly; its latency, known only as p50 and p99, goes into the sketch
 * as {@link SampledLatency} describes.
 *
 * <p>The sketch counts tenths of a millisecond: HdrHistogram is exact below 256 units and within 1%
 * above, so latencies from 5 ms up are within 1% and smaller ones within 0.05 ms, at about half the
 * memory a microsecond sketch would take.
 */
public final class ServiceTotals implements KpiAccumulator<ServiceTotals> {
  /** Sketch units per millisecond. */
  public static final int UNITS_PER_MS = 10;

  public long requests;
  public long errors;

  /** Null until a latency is recorded. */
  public Sketch latency;

  public ServiceTotals() {}

  /** Counts one call or sample. */
  public void add(ServiceCallEvent event) {
    switch (event.type()) {
      case SERVICE_CALL -> {
        requests++;
        if (failedOnServer(event.statusCode())) {
          errors++;
        }
        if (event.latencyMs() != null) {
          latency().record(units(event.latencyMs()));
        }
      }
      case SERVICE_SAMPLE -> {
        long count = event.count() == null ? 0 : Math.max(0, event.count());
        requests += count;
        errors += event.errors() == null ? 0 : Math.min(count, Math.max(0, event.errors()));
        SampledLatency.record(
            latency(), count, units(event.latencyP50Ms()), units(event.latencyP99Ms()));
      }
      default -> {}
    }
  }

  /** 5xx, or 408: the server did not answer in time. */
  static boolean failedOnServer(Integer status) {
    return status != null && (status >= 500 || status == 408);
  }

  private static Long units(Double ms) {
    return ms == null ? null : Math.round(Math.max(0, ms) * UNITS_PER_MS);
  }

  private Sketch latency() {
    if (latency == null) {
      latency = new Sketch();
    }
    return latency;
  }

  @Override
  public void addAll(ServiceTotals other) {
    requests += other.requests;
    errors += other.errors;
    if (other.latency != null) {
      latency().addAll(other.latency);
    }
  }

  @Override
  public void emit(KpiPoints out) {
    out.point(KpiCatalog.SERVICE_REQUESTS, requests);
    out.ratio(KpiCatalog.SERVICE_ERROR_RATE, errors, requests);
    out.ratio(KpiCatalog.AVAILABILITY, requests - errors, requests);
    if (latency != null && latency.count() > 0) {
      out.point(KpiCatalog.SERVICE_LATENCY_P50, ms(0.50));
      out.point(KpiCatalog.SERVICE_LATENCY_P95, ms(0.95));
      out.point(KpiCatalog.SERVICE_LATENCY_P99, ms(0.99));
    }
  }

  private double ms(double quantile) {
    return latency.quantile(quantile) / UNITS_PER_MS;
  }
}
