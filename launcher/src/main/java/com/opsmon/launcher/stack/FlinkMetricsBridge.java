package com.opsmon.launcher.stack;

import com.opsmon.jobs.JobMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Shows the stream jobs' own metrics (those under {@link JobMetrics#GROUP}: events too late, label
 * values folded, skew seen...) in the standalone process's {@code /metrics}, as {@code
 * opsmon_job_<name>} with the operator and subtask as tags. Flink creates reporters itself from the
 * configuration, so the registry is handed over through a key in it.
 */
public final class FlinkMetricsBridge implements MetricReporter {
  private static final String NAME = "opsmon";
  private static final String REGISTRY_KEY = "registry";
  private static final Map<String, MeterRegistry> REGISTRIES = new ConcurrentHashMap<>();

  private final MeterRegistry registry;
  private final Map<Metric, Meter> meters = new ConcurrentHashMap<>();

  FlinkMetricsBridge(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Makes a MiniCluster started with {@code conf} report our job metrics to {@code registry}. */
  public static void install(Configuration conf, MeterRegistry registry) {
    String key = UUID.randomUUID().toString();
    REGISTRIES.put(key, registry);
    conf.setString("metrics.reporter." + NAME + ".factory.class", Factory.class.getName());
    conf.setString("metrics.reporter." + NAME + "." + REGISTRY_KEY, key);
  }

  /** Flink finds reporters through this factory (listed in META-INF/services). */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      MeterRegistry registry = REGISTRIES.get(properties.getProperty(REGISTRY_KEY, ""));
      if (registry == null) {
        throw new IllegalStateException("no registry for the Flink metrics bridge");
      }
      return new FlinkMetricsBridge(registry);
    }
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {
    meters.values().forEach(registry::remove);
    meters.clear();
  }

  @Override
  public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
    if (!Arrays.asList(group.getScopeComponents()).contains(JobMetrics.GROUP)) {
      return;
    }
    Map<String, String> variables = group.getAllVariables();
    Tags tags =
        Tags.of(
            "operator",
            variables.getOrDefault("<operator_name>", variables.getOrDefault("<task_name>", "")),
            "subtask",
            variables.getOrDefault("<subtask_index>", ""));
    String name = "opsmon.job." + snakeCase(metricName);
    Meter meter = null;
    if (metric instanceof Counter counter) {
      meter =
          FunctionCounter.builder(name, counter, Counter::getCount).tags(tags).register(registry);
    } else if (metric instanceof Gauge<?> gauge) {
      meter =
          io.micrometer.core.instrument.Gauge.builder(name, gauge, FlinkMetricsBridge::number)
              .tags(tags)
              .register(registry);
    }
    if (meter != null) {
      meters.put(metric, meter);
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
    Meter meter = meters.remove(metric);
    if (meter != null) {
      // a restarted job registers new metrics under the same name: the old ones must go
      registry.remove(meter);
    }
  }

  private static double number(Gauge<?> gauge) {
    return gauge.getValue() instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /**
   * {@code ordersTooLate} becomes {@code orders.too.late}: Micrometer's naming, then Prometheus'.
   */
  static String snakeCase(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1.$2").toLowerCase(java.util.Locale.ROOT);
  }
}
