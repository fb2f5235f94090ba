package com.opsmon.launcher.bench;

import com.opsmon.ingest.publish.EventPublisher.RawEvent;
import com.opsmon.ingest.simulator.RetailSimulator;
import com.opsmon.ingest.simulator.SimulationSettings;
import com.opsmon.launcher.stack.CheckpointedState;
import com.opsmon.launcher.stack.StackConfig;
import com.opsmon.launcher.stack.StandaloneStack;
import com.opsmon.model.json.Json;
import com.opsmon.model.topics.Topics;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How the monitor's cost grows with the catalogue: the same simulated stretch, once per catalogue
 * size, each on a fresh monitor with the simulator off. Per size: the pipeline's rate, the KPI
 * records it wrote, the stream jobs' checkpointed state, and the heap in use after a collection,
 * with the monitor still running.
 */
final class SkuScaling {
  private static final Duration CHECKPOINT_DEADLINE = Duration.ofMinutes(2);

  private SkuScaling() {}

  /** Runs one catalogue size, on a fresh monitor in {@code workDir}. */
  static SkuCost run(
      BenchSettings settings,
      int skus,
      Instant start,
      Path workDir,
      Duration deadline,
      Progress progress)
      throws Exception {
    Path dir = workDir.resolve("skus-" + skus);
    Load load = generate(settings, skus, start);
    List<RawEvent> events = load.events();
    progress.say(
        "SKU scaling: %,d SKUs (%,d stock cells), %,d events over %s; starting a fresh monitor",
        skus, load.stockCells(), events.size(), settings.skuSimulated());
    try (StandaloneStack stack =
        StandaloneStack.start(StackConfig.builder(dir).apiPort(0).rate(0).build())) {
      long eventCount = events.size();
      Throughput pipeline =
          PipelineThroughput.run(stack.kafkaBootstrap(), events, deadline, progress);
      events.clear();
      long stateBytes = stateAfterCatchingUp(stack, progress);
      long kpiRecords = kpiRecords(stack.kafkaBootstrap());
      long heapBytes = heapAfterCollection();
      SkuCost result =
          new SkuCost(
              skus,
              load.stockCells(),
              eventCount,
              pipeline.perSecond(),
              kpiRecords,
              stateBytes,
              heapBytes);
      progress.say(
          "SKU scaling: %,d SKUs: %,.0f events/s, %,d KPI records, state %s KB, heap %,d MB",
          skus,
          result.pipelinePerSecond(),
          kpiRecords,
          stateBytes < 0 ? "n/a" : String.format("%,d", stateBytes / 1024),
          heapBytes >> 20);
      return result;
    }
  }

  /** The simulated events, and how many stock cells they touch. */
  private record Load(List<RawEvent> events, int stockCells) {}

  private static Load generate(BenchSettings settings, int skus, Instant start) {
    List<RawEvent> events = new ArrayList<>();
    Set<String> cells = new HashSet<>();
    new RetailSimulator(
            new SimulationSettings(
                settings.seed(), start, settings.simulatedRate(), List.of(), skus))
        .advanceTo(
            start.plus(settings.skuSimulated()),
            event -> {
              if (event.json().has("sku") && event.json().has("warehouse")) {
                cells.add(
                    event.json().get("sku").asText()
                        + '|'
                        + event.json().get("warehouse").asText());
              }
              events.add(new RawEvent(event.key(), Json.writeBytes(event.json())));
            });
    return new Load(events, cells.size());
  }

  /**
   * The state of a checkpoint begun after the pipeline caught up (the last one may predate it), or
   * -1 when none completed in time: an overloaded monitor's checkpoints wait for its backlog.
   */
  private static long stateAfterCatchingUp(StandaloneStack stack, Progress progress)
      throws Exception {
    long caughtUpAt = stack.streamJobsCheckpoint().map(CheckpointedState::id).orElse(0L);
    long giveUp = System.nanoTime() + CHECKPOINT_DEADLINE.toNanos();
    while (true) {
      Optional<CheckpointedState> latest = stack.streamJobsCheckpoint();
      if (latest.isPresent() && latest.get().id() > caughtUpAt) {
        return latest.get().stateBytes();
      }
      if (System.nanoTime() > giveUp) {
        progress.say(
            "SKU scaling: no checkpoint completed within %s after the pipeline; state not measured",
            CHECKPOINT_DEADLINE);
        return -1;
      }
      Thread.sleep(200);
    }
  }

  private static long kpiRecords(String bootstrapServers) throws Exception {
    try (Admin admin = PipelineThroughput.admin(bootstrapServers)) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(List.of(Topics.KPIS.name()))
          .allTopicNames()
          .get()
          .get(Topics.KPIS.name())
          .partitions()
          .forEach(
              p ->
                  latest.put(
                      new TopicPartition(Topics.KPIS.name(), p.partition()), OffsetSpec.latest()));
      return admin
          .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all()
          .get()
          .values()
          .stream()
          .mapToLong(ListOffsetsResultInfo::offset)
          .sum();
    }
  }

  private static long heapAfterCollection() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
