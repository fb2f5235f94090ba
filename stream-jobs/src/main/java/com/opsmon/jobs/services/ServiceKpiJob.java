package com.opsmon.jobs.services;

import com.opsmon.jobs.Outputs;
import com.opsmon.jobs.kpi.KpiStreams;
import com.opsmon.jobs.kpi.TagCaps;
import com.opsmon.jobs.sinks.TooLate;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.events.ServiceCallEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.kpi.SeriesKey;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Technical service KPIs per service, endpoint and region, with totals over each: {@code
 * service_requests}, {@code service_error_rate}, {@code availability} and the latency quantiles
 * {@code service_latency_p50/_p95/_p99} from mergeable sketches ({@link ServiceTotals} says how
 * calls and samples count). Events up to {@code allowedLateness} late correct their window; later
 * ones become {@code too_late} dead letters, counted.
 */
public final class ServiceKpiJob {
  /** The KPIs this job emits. */
  public static final List<KpiDefinition> KPIS =
      List.of(
          KpiCatalog.SERVICE_REQUESTS,
          KpiCatalog.SERVICE_ERROR_RATE,
          KpiCatalog.SERVICE_LATENCY_P50,
          KpiCatalog.SERVICE_LATENCY_P95,
          KpiCatalog.SERVICE_LATENCY_P99,
          KpiCatalog.AVAILABILITY);

  private ServiceKpiJob() {}

  /** The series a call or sample counts in. */
  static String series(ServiceCallEvent event) {
    return SeriesKey.of(
        KpiCatalog.SERVICE,
        event.service(),
        KpiCatalog.ENDPOINT,
        event.endpoint(),
        KpiCatalog.REGION,
        event.region());
  }

  /** {@code calls} must carry event-time timestamps and watermarks. */
  public static Outputs build(
      DataStream<ServiceCallEvent> calls, Duration allowedLateness, TagCaps caps) {
    TypeInformation<ServiceTotals> type = TypeInformation.of(ServiceTotals.class);
    KpiStreams.Minutes<ServiceCallEvent, ServiceTotals> minutes =
        KpiStreams.minutes(
            calls,
            ServiceKpiJob::series,
            new CountServiceCalls(),
            type,
            allowedLateness,
            caps,
            "services");
    SingleOutputStreamOperator<KpiPoint> kpis =
        KpiStreams.views(
            minutes.minutes(), KPIS, ServiceTotals::new, type, allowedLateness, "services");
    DataStream<DeadLetter> tooLate =
        minutes
            .tooLate()
            .map(new TooLate<ServiceCallEvent>("service", "serviceCallsTooLate", allowedLateness))
            .name("too-late service calls as dead letters")
            .uid("services-too-late");
    return Outputs.kpisOnly(kpis, tooLate).withPartialsOf(kpis);
  }
}
