import com.opsmon.ingest.publish.EventPublisher;
import com.opsmon.launcher.stack.StackConfig;
import com.opsmon.launcher.stack.StandaloneStack;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The pipeline's events/s, one source compiled against two checkouts (see ../pipeline-ab.sh): that
 * checkout's standalone stack with the simulator off, an NDJSON file's events written straight
 * into the raw topic, timed until the validator, the stream jobs (on the topics given) and the
 * store loader have committed everything; the first tenth of the events warms the stack up
 * untimed. Only APIs both checkouts share are used.
 *
 * <p>Arguments: data dir, events file, the stream jobs' input topics (comma-separated).
 */
public class PipelineAB {
  private static final Pattern ENTITY =
      Pattern.compile("\"(orderId|sku|sessionId|ticketId|requestId)\":\"([^\"]*)\"");

  public static void main(String[] args) throws Exception {
    List<EventPublisher.RawEvent> events = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(Path.of(args[1]), StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.isBlank()) {
          Matcher entity = ENTITY.matcher(line);
          String key = entity.find() ? entity.group(2) : "none";
          events.add(new EventPublisher.RawEvent(key, line.getBytes(StandardCharsets.UTF_8)));
        }
      }
    }
    List<String> jobTopics = List.of(args[2].split(","));
    try (StandaloneStack stack =
        StandaloneStack.start(StackConfig.builder(Path.of(args[0])).apiPort(0).rate(0).build())) {
      String kafka = stack.kafkaBootstrap();
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka));
          EventPublisher publisher = new EventPublisher(kafka, Duration.ofSeconds(60))) {
        // the first tenth warms up: the jobs are deployed and compiled before the clock runs
        int warmUp = events.size() / 10;
        publishAndAwait(admin, publisher, events.subList(0, warmUp), jobTopics);
        List<EventPublisher.RawEvent> timed = events.subList(warmUp, events.size());
        long started = System.nanoTime();
        publishAndAwait(admin, publisher, timed, jobTopics);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
            "PIPELINE %,d events in %.1f s = %,.0f events/s%n",
            timed.size(), seconds, timed.size() / seconds);
      }
    }
    System.exit(0);
  }

  private static void publishAndAwait(
      Admin admin,
      EventPublisher publisher,
      List<EventPublisher.RawEvent> events,
      List<String> jobTopics)
      throws Exception {
    for (int from = 0; from < events.size(); from += 20_000) {
      publisher.publish(events.subList(from, Math.min(events.size(), from + 20_000)), List.of());
    }
    long giveUp = System.nanoTime() + Duration.ofMinutes(20).toNanos();
    while (!consumedEverything(admin, jobTopics)) {
      if (System.nanoTime() > giveUp) {
        throw new IllegalStateException("not consumed within 20 minutes");
      }
      Thread.sleep(200);
    }
  }

  private static boolean consumedEverything(Admin admin, List<String> jobTopics)
      throws Exception {
    return caughtUp(
            admin,
            "opsmon-ingest-validator",
            List.of("opsmon.events.raw"),
            IsolationLevel.READ_UNCOMMITTED,
            0)
        // transactional topics end with a commit marker no consumer reads
        && caughtUp(admin, "opsmon-stream-jobs", jobTopics, IsolationLevel.READ_COMMITTED, 1)
        && caughtUp(
            admin,
            "opsmon-store-loader",
            List.of("opsmon.kpis"),
            IsolationLevel.READ_UNCOMMITTED,
            0);
  }

  private static boolean caughtUp(
      Admin admin, String group, List<String> topics, IsolationLevel isolation, long slack)
      throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin
        .describeTopics(topics)
        .allTopicNames()
        .get()
        .forEach(
            (name, topic) ->
                topic
                    .partitions()
                    .forEach(
                        p ->
                            latest.put(
                                new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    for (var end : admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get().entrySet()) {
      long endOffset = end.getValue().offset();
      OffsetAndMetadata at = committed.get(end.getKey());
      if (endOffset > 0 && (at == null || at.offset() < endOffset - slack)) {
        return false;
      }
    }
    return true;
  }
}
