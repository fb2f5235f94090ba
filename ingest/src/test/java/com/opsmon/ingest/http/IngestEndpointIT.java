package com.opsmon.ingest.http;

import static com.opsmon.ingest.TestEvents.orderCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.ingest.metrics.IngestMetrics;
import com.opsmon.ingest.publish.EventPublisher;
import com.opsmon.ingest.validation.ValidationRules;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.json.Json;
import com.opsmon.model.topics.Topic;
import com.opsmon.model.topics.Topics;
import io.javalin.testtools.JavalinTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP endpoint against a real broker: what it answers, and what it left in Kafka. */
class IngestEndpointIT {
  /** The endpoint's injected clock, on the hour before the real one: never a fixed date. */
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.HOURS);

  private static final Instant T = NOW.minusSeconds(60);

  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static EventPublisher publisher;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    kafka.createTopics(Topics.all().stream().map(Topic::name).toList(), 1);
    publisher = new EventPublisher(kafka.bootstrapServers(), Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    publisher.close();
    kafka.close();
  }

  private static IngestEndpoint endpoint(IngestSettings settings, EventPublisher to) {
    return new IngestEndpoint(
        settings, to, IngestMetrics.discarding("http"), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static IngestEndpoint endpoint(IngestSettings settings) {
    return endpoint(settings, publisher);
  }

  /** A publisher whose broker has been stopped: nothing it sends is ever acknowledged. */
  private static EventPublisher publisherToAStoppedBroker(Path dir, Duration timeout) {
    EmbeddedKafka doomed = EmbeddedKafka.start(dir);
    doomed.createTopics(Topics.all().stream().map(Topic::name).toList(), 1);
    String bootstrap = doomed.bootstrapServers();
    doomed.close();
    return new EventPublisher(bootstrap, timeout);
  }

  /** Serves {@code endpoint} on a free port for one request and returns its answer. */
  private static HttpResponse<String> postOnce(
      IngestEndpoint endpoint, String contentType, byte[] body, Map<String, String> headers) {
    return postOnce(endpoint, contentType, HttpRequest.BodyPublishers.ofByteArray(body), headers);
  }

  private static HttpResponse<String> postOnce(
      IngestEndpoint endpoint,
      String contentType,
      HttpRequest.BodyPublisher body,
      Map<String, String> headers) {
    AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
    JavalinTest.test(
        IngestApp.create(endpoint),
        (server, client) -> answer.set(post(client.getOrigin(), contentType, body, headers)));
    return answer.get();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static IngestEndpoint endpoint() {
    return endpoint(IngestSettings.defaults());
  }

  private static HttpResponse<String> post(
      String url, String contentType, byte[] body, Map<String, String> headers) throws Exception {
    return post(url, contentType, HttpRequest.BodyPublishers.ofByteArray(body), headers);
  }

  private static HttpResponse<String> post(
      String url, String contentType, HttpRequest.BodyPublisher body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url + IngestEndpoint.PATH))
            .header("Content-Type", contentType)
            .POST(body);
    headers.forEach(request::header);
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Everything committed on a topic from the given offset, read until the end. */
  private static <V> List<ConsumerRecord<String, V>> readFrom(Topic<String, V> topic, long offset) {
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            topic.keySerde().deserializer(),
            topic.valueSerde().deserializer())) {
      TopicPartition partition = new TopicPartition(topic.name(), 0);
      consumer.assign(List.of(partition));
      consumer.seek(partition, offset);
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      List<ConsumerRecord<String, V>> records = new ArrayList<>();
      while (consumer.position(partition) < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  private static long endOffset(Topic<?, ?> topic) {
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic.name(), 0);
      return consumer.endOffsets(List.of(partition)).get(partition);
    }
  }

  @Test
  void shouldStoreGoodLinesAndDeadLetterBadOnesWithTheirLineNumbers() throws Exception {
    long rawStart = endOffset(Topics.RAW_EVENTS);
    long deadStart = endOffset(Topics.DEAD_LETTERS);
    String body =
        String.join(
            "\n",
            orderCreated("e-1", "o-1", T, "eu", "10.00", "EUR"),
            "{\"type\":\"order_created\",\"eventId\":",
            "",
            orderCreated("e-2", "o-2", T, "us", "3.50", "USD"),
            "{\"type\":\"order_teleported\",\"eventId\":\"e-3\",\"occurredAt\":\"" + T + "\"}");

    HttpResponse<String> response =
        postOnce(endpoint(), "application/x-ndjson", utf8(body), Map.of());

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode json = Json.mapper().readTree(response.body());
    assertThat(json.get("accepted").asInt()).isEqualTo(2);
    assertThat(json.get("rejected").asInt()).isEqualTo(2);
    assertThat(json.get("errors"))
        .extracting(e -> e.get("line").asInt(), e -> e.get("reason").asText())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, "malformed_json"),
            org.assertj.core.groups.Tuple.tuple(5, "unknown_event_type"));

    assertThat(readFrom(Topics.RAW_EVENTS, rawStart))
        .extracting(ConsumerRecord::key)
        .containsExactly("o-1", "o-2");
    assertThat(readFrom(Topics.DEAD_LETTERS, deadStart))
        .extracting(r -> r.value().line(), r -> r.value().reason(), r -> r.value().source())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, DeadLetterReason.MALFORMED_JSON, "http"),
            org.assertj.core.groups.Tuple.tuple(5, DeadLetterReason.UNKNOWN_EVENT_TYPE, "http"));
  }

  @Test
  void shouldAcceptAGzippedJsonArray() throws Exception {
    long rawStart = endOffset(Topics.RAW_EVENTS);
    String array =
        "["
            + orderCreated("e-10", "o-10", T, "eu", "1.00", "EUR")
            + ",42,"
            + orderCreated("e-11", "o-11", T, "eu", "2.00", "EUR")
            + "]";
    HttpResponse<String> response =
        postOnce(
            endpoint(), "application/json", gzip(utf8(array)), Map.of("Content-Encoding", "gzip"));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body())
        .isEqualTo(
            "{\"accepted\":2,\"rejected\":1,\"errors\":[{\"line\":2,\"reason\":\"not_an_object\",\"detail\":\"an event must be a JSON object, not a number\"}]}");
    assertThat(readFrom(Topics.RAW_EVENTS, rawStart))
        .extracting(ConsumerRecord::key)
        .containsExactly("o-10", "o-11");
  }

  @Test
  void shouldStoreEveryLineOfNdjsonSentAsApplicationJson() {
    long rawStart = endOffset(Topics.RAW_EVENTS);
    String body =
        String.join(
            "\n",
            orderCreated("e-40", "o-40", T, "eu", "1.00", "EUR"),
            orderCreated("e-41", "o-41", T, "eu", "2.00", "EUR"),
            orderCreated("e-42", "o-42", T, "eu", "3.00", "EUR"));

    assertThat(postOnce(endpoint(), "application/json", utf8(body), Map.of()).body())
        .isEqualTo("{\"accepted\":3,\"rejected\":0,\"errors\":[]}");
    assertThat(readFrom(Topics.RAW_EVENTS, rawStart))
        .extracting(ConsumerRecord::key)
        .containsExactly("o-40", "o-41", "o-42");
  }

  @Test
  void shouldStoreArrayElementsAsSentAndRefuseOnlyTheOnesNdjsonWouldRefuse() throws Exception {
    long rawStart = endOffset(Topics.RAW_EVENTS);
    String good = orderCreated("e-50", "o-50", T, "eu", "1.00", "EUR").replace(",", " , ");
    String unwritable =
        orderCreated("e-51", "o-51", T, "eu", "1.00", "EUR").replace("}", ",\"x\":1e-10000}");
    String duplicateKey =
        orderCreated("e-52", "o-52", T, "eu", "1.00", "EUR")
            .replace("\"region\":\"eu\"", "\"region\":\"eu\",\"region\":\"us\"");
    String array = "[" + good + ",\n" + unwritable + ",\n" + duplicateKey + "]";

    HttpResponse<String> response = postOnce(endpoint(), "application/json", utf8(array), Map.of());

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode json = Json.mapper().readTree(response.body());
    assertThat(json.get("accepted").asInt()).isEqualTo(1);
    assertThat(json.get("errors"))
        .extracting(e -> e.get("line").asInt(), e -> e.get("reason").asText())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, "invalid_value"),
            org.assertj.core.groups.Tuple.tuple(3, "malformed_json"));
    assertThat(readFrom(Topics.RAW_EVENTS, rawStart))
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsExactly(good);
  }

  @Test
  void shouldRefuseBodiesBeyondTheLimitWith413() {
    IngestSettings small =
        new IngestSettings(
            ValidationRules.DEFAULTS,
            1024,
            Optional.empty(),
            Duration.ofSeconds(5),
            IngestLimits.DEFAULTS);
    byte[] body =
        (orderCreated("e", "o", T, "eu", "1.00", "EUR") + "\n")
            .repeat(20)
            .getBytes(StandardCharsets.UTF_8);

    assertThat(postOnce(endpoint(small), "application/x-ndjson", body, Map.of()).statusCode())
        .isEqualTo(413);
  }

  @Test
  void shouldRefuseAGzipBombBeyondTheLimitWith413() throws Exception {
    IngestSettings small =
        new IngestSettings(
            ValidationRules.DEFAULTS,
            64 * 1024,
            Optional.empty(),
            Duration.ofSeconds(5),
            IngestLimits.DEFAULTS);
    byte[] bomb = gzip(new byte[10 * 1024 * 1024]);

    assertThat(
            postOnce(
                    endpoint(small),
                    "application/x-ndjson",
                    bomb,
                    Map.of("Content-Encoding", "gzip"))
                .statusCode())
        .isEqualTo(413);
  }

  @Test
  void shouldRefuseEndlessEmptyGzipMembersBeyondTheLimitWith413() throws Exception {
    IngestSettings small =
        new IngestSettings(
            ValidationRules.DEFAULTS,
            64 * 1024,
            Optional.empty(),
            Duration.ofSeconds(5),
            IngestLimits.DEFAULTS);
    byte[] empty = gzip(new byte[0]);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (body.size() < 2 << 20) {
      body.writeBytes(empty);
    }
    // streamed, so no Content-Length announces the size: only reading can find it out
    HttpRequest.BodyPublisher streamed =
        HttpRequest.BodyPublishers.ofInputStream(
            () -> new ByteArrayInputStream(body.toByteArray()));

    assertThat(
            postOnce(
                    endpoint(small),
                    "application/x-ndjson",
                    streamed,
                    Map.of("Content-Encoding", "gzip"))
                .statusCode())
        .isEqualTo(413);
  }

  @Test
  void shouldReadAGzipBodyOfManyMembersWithinTheLimit() throws Exception {
    long rawStart = endOffset(Topics.RAW_EVENTS);
    byte[] empty = gzip(new byte[0]);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int i = 0; i < 300_000; i++) {
      body.writeBytes(empty);
    }
    body.writeBytes(
        gzip(
            orderCreated("e-60", "o-60", T, "eu", "1.00", "EUR").getBytes(StandardCharsets.UTF_8)));

    assertThat(
            postOnce(
                    endpoint(),
                    "application/x-ndjson",
                    body.toByteArray(),
                    Map.of("Content-Encoding", "gzip"))
                .body())
        .isEqualTo("{\"accepted\":1,\"rejected\":0,\"errors\":[]}");
    assertThat(readFrom(Topics.RAW_EVENTS, rawStart))
        .extracting(ConsumerRecord::key)
        .containsExactly("o-60");
  }

  private static byte[] gzip(byte[] data) throws java.io.IOException {
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
      gzip.write(data);
    }
    return gzipped.toByteArray();
  }

  @Test
  void shouldDemandTheBearerTokenWhenOneIsConfigured() {
    IngestSettings secured =
        new IngestSettings(
            ValidationRules.DEFAULTS,
            1 << 20,
            Optional.of("s3cret"),
            Duration.ofSeconds(5),
            IngestLimits.DEFAULTS);
    byte[] body =
        orderCreated("e-20", "o-20", T, "eu", "1.00", "EUR").getBytes(StandardCharsets.UTF_8);

    JavalinTest.test(
        IngestApp.create(endpoint(secured)),
        (server, client) -> {
          assertThat(post(client.getOrigin(), "application/x-ndjson", body, Map.of()).statusCode())
              .isEqualTo(401);
          assertThat(
                  post(
                          client.getOrigin(),
                          "application/x-ndjson",
                          body,
                          Map.of("Authorization", "Bearer wrong"))
                      .statusCode())
              .isEqualTo(403);
          assertThat(
                  post(
                          client.getOrigin(),
                          "application/x-ndjson",
                          body,
                          Map.of("Authorization", "Bearer s3cret"))
                      .statusCode())
              .isEqualTo(202);
        });
  }

  @Test
  void shouldAnswer503WithinAboutTheTimeoutHoweverManyLinesTheRequestHolds(@TempDir Path otherDir) {
    Duration timeout = Duration.ofSeconds(2);
    try (EventPublisher unreachable = publisherToAStoppedBroker(otherDir, timeout)) {
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < 50; i++) {
        body.append(orderCreated("e-7" + i, "o-7" + i, T, "eu", "1.00", "EUR")).append('\n');
        body.append("{\"not\":\"an event\"}\n");
      }

      long start = System.nanoTime();
      HttpResponse<String> response =
          postOnce(
              endpoint(IngestSettings.defaults(), unreachable),
              "application/x-ndjson",
              utf8(body.toString()),
              Map.of());
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(response.statusCode()).isEqualTo(503);
      // a bound on a hang, not a speed target: without stopping at the first failed send, 100
      // records would take 100 × 2 s
      assertThat(took).isLessThan(timeout.multipliedBy(3));
    }
  }

  @Test
  void shouldAnswer503AndClaimNothingWhenKafkaDoesNotAcknowledge(@TempDir Path otherDir) {
    try (EventPublisher unreachable = publisherToAStoppedBroker(otherDir, Duration.ofSeconds(2))) {
      HttpResponse<String> response =
          postOnce(
              endpoint(IngestSettings.defaults(), unreachable),
              "application/x-ndjson",
              utf8(orderCreated("e-30", "o-30", T, "eu", "1.00", "EUR")),
              Map.of());

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).contains("send it again");
    }
  }

  private static IngestSettings limited(IngestLimits limits) {
    IngestSettings d = IngestSettings.defaults();
    return new IngestSettings(
        d.rules(), d.maxBodyBytes(), d.bearerToken(), d.publishTimeout(), limits);
  }

  @Test
  void shouldRefuseTenMebibytesOfTinyLinesWholeWith413WritingNothing() throws Exception {
    IngestMetrics metrics = IngestMetrics.discarding("http");
    IngestEndpoint endpoint =
        new IngestEndpoint(
            IngestSettings.defaults(), publisher, metrics, Clock.fixed(NOW, ZoneOffset.UTC));
    long rawBefore = endOffset(Topics.RAW_EVENTS);
    long deadBefore = endOffset(Topics.DEAD_LETTERS);
    byte[] tinyLines = "1\n".repeat(5 * 1024 * 1024).getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> plain = postOnce(endpoint, "application/x-ndjson", tinyLines, Map.of());
    HttpResponse<String> zipped =
        postOnce(
            endpoint, "application/x-ndjson", gzip(tinyLines), Map.of("Content-Encoding", "gzip"));

    assertThat(plain.statusCode()).isEqualTo(413);
    assertThat(plain.body()).contains("more than 50000 events in one request");
    assertThat(zipped.statusCode()).isEqualTo(413);
    assertThat(endOffset(Topics.RAW_EVENTS)).isEqualTo(rawBefore);
    assertThat(endOffset(Topics.DEAD_LETTERS)).isEqualTo(deadBefore);
    assertThat(metrics.refusedCount(IngestMetrics.Refusal.EVENTS)).isEqualTo(2);
    System.out.printf(
        "10 MiB of tiny lines: plain and gzip (%d bytes) refused with 413, 0 events and 0 dead"
            + " letters written%n",
        gzip(tinyLines).length);
  }

  @Test
  void shouldRefuseAPostFromAPageOfAnotherSiteWith403StoringNothing() throws Exception {
    IngestMetrics metrics = IngestMetrics.discarding("http");
    IngestEndpoint endpoint =
        new IngestEndpoint(
            IngestSettings.defaults(), publisher, metrics, Clock.fixed(NOW, ZoneOffset.UTC));
    long rawBefore = endOffset(Topics.RAW_EVENTS);
    byte[] one = utf8(orderCreated("xsite-1", "o-xsite-1", T, "eu", "1.00", "EUR"));

    HttpResponse<String> forged =
        postOnce(
            endpoint,
            "text/plain",
            one,
            Map.of("Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"));

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("cross-site requests that change state are refused");
    assertThat(endOffset(Topics.RAW_EVENTS)).isEqualTo(rawBefore);
    assertThat(metrics.refusedCount(IngestMetrics.Refusal.CROSS_SITE)).isEqualTo(1);
    System.out.printf(
        "cross-site POST: 1 refused with 403, %d events stored%n",
        endOffset(Topics.RAW_EVENTS) - rawBefore);
  }

  @Test
  void shouldRefuseAClientBeyondItsRateWith429AndRetryAfterStoringNothingOfIt() throws Exception {
    IngestEndpoint endpoint = endpoint(limited(new IngestLimits(100, 100, 8, 1000)));
    String hundred =
        String.join(
            "\n",
            java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> orderCreated("rate-" + i, "o-" + i, T, "eu", "1.00", "EUR"))
                .toList());
    // the bucket holds 100 and refills 100 a second: another 100 at once must wait a second
    String another =
        String.join(
            "\n",
            java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> orderCreated("rate2-" + i, "o2-" + i, T, "eu", "1.00", "EUR"))
                .toList());
    AtomicReference<HttpResponse<String>> first = new AtomicReference<>();
    AtomicReference<HttpResponse<String>> second = new AtomicReference<>();
    AtomicReference<Long> rawBetween = new AtomicReference<>();

    JavalinTest.test(
        IngestApp.create(endpoint),
        (server, client) -> {
          first.set(post(client.getOrigin(), "application/x-ndjson", utf8(hundred), Map.of()));
          rawBetween.set(endOffset(Topics.RAW_EVENTS));
          second.set(post(client.getOrigin(), "application/x-ndjson", utf8(another), Map.of()));
        });

    assertThat(first.get().statusCode()).isEqualTo(202);
    assertThat(second.get().statusCode()).isEqualTo(429);
    assertThat(second.get().headers().firstValue("Retry-After")).hasValue("1");
    assertThat(endOffset(Topics.RAW_EVENTS)).isEqualTo(rawBetween.get());
  }

  @Test
  void shouldRefuseARequestBeyondTheConcurrentLimitWith429(@TempDir Path doomedDir)
      throws Exception {
    // the one slot is held by a request whose broker never answers (until its publish timeout)
    try (EventPublisher stuck = publisherToAStoppedBroker(doomedDir, Duration.ofSeconds(5))) {
      IngestEndpoint endpoint = endpoint(limited(new IngestLimits(1000, 100_000, 1, 1000)), stuck);
      byte[] event = utf8(orderCreated("slow-1", "o-slow", T, "eu", "1.00", "EUR"));
      AtomicReference<HttpResponse<String>> held = new AtomicReference<>();
      AtomicReference<HttpResponse<String>> refused = new AtomicReference<>();

      JavalinTest.test(
          IngestApp.create(endpoint),
          (server, client) -> {
            Thread slowClient =
                new Thread(
                    () -> {
                      try {
                        held.set(post(client.getOrigin(), "application/x-ndjson", event, Map.of()));
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    });
            slowClient.start();
            await().atMost(Duration.ofSeconds(4)).until(() -> endpoint.requestsInFlight() == 1);
            await()
                .atMost(Duration.ofSeconds(4))
                .untilAsserted(
                    () -> {
                      refused.set(
                          post(client.getOrigin(), "application/x-ndjson", event, Map.of()));
                      assertThat(refused.get().statusCode()).isEqualTo(429);
                    });
            slowClient.join();
          });

      assertThat(refused.get().headers().firstValue("Retry-After")).hasValue("1");
      assertThat(held.get().statusCode()).isEqualTo(503);
    }
  }

  @Test
  void shouldWriteTheFirstDeadLettersOfARequestOneByOneAndSummariseTheRest() throws Exception {
    IngestEndpoint endpoint = endpoint(limited(new IngestLimits(10_000, 100_000, 8, 10)));
    long deadBefore = endOffset(Topics.DEAD_LETTERS);
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      body.append("{\"type\":\"order_created\",\"eventId\":\n");
    }
    body.append(orderCreated("cap-good", "o-cap", T, "eu", "1.00", "EUR")).append('\n');

    HttpResponse<String> response =
        postOnce(endpoint, "application/x-ndjson", utf8(body.toString()), Map.of());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(Json.mapper().readTree(response.body()).get("rejected").asInt()).isEqualTo(30);
    List<ConsumerRecord<String, DeadLetter>> letters = readFrom(Topics.DEAD_LETTERS, deadBefore);
    assertThat(letters).hasSize(11);
    assertThat(letters.get(10).value().detail())
        .startsWith(
            "20 more events of this request were rejected as malformed_json (lines 11 to 30)");
  }
}
