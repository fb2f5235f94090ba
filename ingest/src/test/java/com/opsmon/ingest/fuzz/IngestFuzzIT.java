package com.opsmon.ingest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.ingest.http.IngestApp;
import com.opsmon.ingest.http.IngestEndpoint;
import com.opsmon.ingest.http.IngestSettings;
import com.opsmon.ingest.metrics.IngestMetrics;
import com.opsmon.ingest.publish.EventPublisher;
import com.opsmon.ingest.validation.ValidationRules;
import com.opsmon.ingest.validation.ValidatorTopology;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.events.EventCategory;
import com.opsmon.model.json.Json;
import com.opsmon.model.topics.Topic;
import com.opsmon.model.topics.Topics;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * Ten thousand hostile and good inputs through the real HTTP endpoint, a real broker and the real
 * validator app, plus hostile records written straight to the raw topic: the endpoint answers for
 * every line, nothing escapes a stream thread, every bad input is dead-lettered with a reason and
 * every good event reaches its topic exactly once.
 */
class IngestFuzzIT {
  private static final int LINES_PER_REQUEST = 1000;
  private static final int DIRECT_RECORDS = 100;
  private static final AtomicInteger TRY = new AtomicInteger();

  private static EmbeddedKafka kafka;
  private static EventPublisher publisher;
  private static KafkaStreams validator;
  private static Javalin app;
  private static KafkaProducer<String, byte[]> directProducer;
  private static final List<Throwable> streamThreadFailures = new CopyOnWriteArrayList<>();
  private static final Map<String, AtomicInteger> routed = new ConcurrentHashMap<>();
  private static final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
  private static final AtomicBoolean tailing = new AtomicBoolean(true);
  private static Thread tail;

  @BeforeContainer
  static void start() throws Exception {
    Path dir =
        Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ingest-fuzz");
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    kafka.createTopics(Topics.all().stream().map(Topic::name).toList(), 2);
    validator =
        new KafkaStreams(
            ValidatorTopology.buildTopology(
                ValidationRules.DEFAULTS,
                Duration.ofHours(24),
                IngestMetrics.discarding("validator")),
            ValidatorTopology.streamsConfig(
                kafka.bootstrapServers(), "fuzz-validator", dir.resolve("streams")));
    validator.setUncaughtExceptionHandler(
        e -> {
          streamThreadFailures.add(e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    validator.start();
    publisher = new EventPublisher(kafka.bootstrapServers(), Duration.ofSeconds(30));
    app =
        IngestApp.create(
            new IngestEndpoint(
                IngestSettings.defaults(),
                publisher,
                IngestMetrics.discarding("http"),
                Clock.systemUTC()));
    app.start("127.0.0.1", 0);
    directProducer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            Topics.RAW_EVENTS.keySerde().serializer(),
            Topics.RAW_EVENTS.valueSerde().serializer());
    tail = new Thread(IngestFuzzIT::tailOutputs, "fuzz-tail");
    tail.start();
  }

  @AfterContainer
  static void stop() throws InterruptedException {
    tailing.set(false);
    tail.join(10_000);
    directProducer.close();
    app.stop();
    publisher.close();
    validator.close(Duration.ofSeconds(30));
    kafka.close();
  }

  /**
   * Collects every routed event id and every dead letter, the way a downstream consumer sees them.
   */
  private static void tailOutputs() {
    List<String> topics =
        new ArrayList<>(
            Arrays.stream(EventCategory.values()).map(c -> Topics.forCategory(c).name()).toList());
    topics.add(Topics.DEAD_LETTERS.name());
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "fuzz-tail",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(topics);
      while (tailing.get()) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                r -> {
                  if (r.topic().equals(Topics.DEAD_LETTERS.name())) {
                    deadLetters.add(Json.read(r.value(), DeadLetter.class));
                  } else {
                    JsonNode event = Json.read(r.value(), JsonNode.class);
                    routed
                        .computeIfAbsent(event.get("eventId").asText(), id -> new AtomicInteger())
                        .incrementAndGet();
                  }
                });
      }
    }
  }

  @Property(tries = 10)
  void shouldAnswerForEveryLineAndRouteEveryGoodEventExactlyOnce(@ForAll long seed)
      throws Exception {
    String prefix = "t" + TRY.incrementAndGet();
    Random random = new Random(seed);
    List<Sample> samples = HostileInputs.batch(random, LINES_PER_REQUEST, Instant.now(), prefix);
    List<Sample> direct = HostileInputs.batch(random, DIRECT_RECORDS, Instant.now(), prefix + "d");
    int deadLettersBefore = deadLetters.size();

    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Sample s : samples) {
      body.write(s.bytes());
      body.write('\n');
    }
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.port() + IngestEndpoint.PATH))
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    for (Sample s : direct) {
      directProducer
          .send(new ProducerRecord<>(Topics.RAW_EVENTS.name(), s.eventId(), s.bytes()))
          .get();
    }

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode answer = Json.mapper().readTree(response.body());
    List<Integer> badLines =
        IntStream.range(0, samples.size())
            .filter(i -> !samples.get(i).good())
            .mapToObj(i -> i + 1)
            .toList();
    assertThat(answer.get("accepted").asInt()).isEqualTo(samples.size() - badLines.size());
    assertThat(answer.get("rejected").asInt()).isEqualTo(badLines.size());
    List<Integer> errorLines = new ArrayList<>();
    answer.get("errors").forEach(e -> errorLines.add(e.get("line").asInt()));
    assertThat(errorLines).isEqualTo(badLines);

    List<String> goodIds = new ArrayList<>();
    for (Sample s : samples) {
      if (s.good() && !s.duplicate()) {
        goodIds.add(s.eventId());
      }
    }
    for (Sample s : direct) {
      if (s.good() && !s.duplicate()) {
        goodIds.add(s.eventId());
      }
    }
    long directBad = direct.stream().filter(s -> !s.good()).count();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(goodIds).allSatisfy(id -> assertThat(routed).containsKey(id));
              assertThat(deadLetters.size() - deadLettersBefore)
                  .isEqualTo(badLines.size() + directBad);
            });
    assertThat(routed.entrySet())
        .allSatisfy(e -> assertThat(e.getValue().get()).as(e.getKey()).isEqualTo(1));
    assertThat(
            routed.keySet().stream()
                .filter(id -> id.startsWith(prefix + "-") || id.startsWith(prefix + "d-"))
                .count())
        .isEqualTo(goodIds.size());
    assertThat(deadLetters.subList(deadLettersBefore, deadLetters.size()))
        .allSatisfy(
            d -> {
              assertThat(d.reason()).isNotNull().isNotEqualTo(DeadLetterReason.PROCESSING_ERROR);
              assertThat(d.detail()).isNotBlank();
            });
    assertThat(streamThreadFailures).isEmpty();
    System.out.printf(
        "fuzz %s: %d lines over HTTP (%d bad), %d records straight to Kafka (%d bad): every line"
            + " answered, %d dead letters with reasons, %d good events routed once, 0 crashes%n",
        prefix,
        samples.size(),
        badLines.size(),
        direct.size(),
        directBad,
        badLines.size() + directBad,
        goodIds.size());
  }
}
