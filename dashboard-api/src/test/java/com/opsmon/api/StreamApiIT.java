package com.opsmon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.opsmon.api.stream.LiveStream;
import com.opsmon.api.stream.StreamSettings;
import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.embedded.EmbeddedQuestDb;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertState;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.alerts.Severity;
import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.topics.Topics;
import com.opsmon.store.KpiReader;
import com.opsmon.store.KpiStores;
import com.opsmon.store.StoreSettings;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/stream} over real HTTP, fed by a real broker's kpis and alert-state topics:
 * filtered events with ids, resume after {@code Last-Event-ID}, heartbeats, a client that stops
 * reading cut off while the others get everything, and two hundred clients at once.
 */
class StreamApiIT {
  private static final Instant T0 =
      Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);

  static final StreamSettings SETTINGS =
      new StreamSettings(250, 2_000, 50_000, Duration.ofMillis(300));

  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static EmbeddedQuestDb questDb;
  static KpiReader reader;
  static LiveStream live;
  static Javalin app;
  static KafkaProducer<String, KpiPoint> producer;
  static PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  static final HttpClient http = HttpClient.newHttpClient();
  static final AtomicInteger value = new AtomicInteger();

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    kafka.createMonitorTopics(2);
    questDb = EmbeddedQuestDb.start(dir.resolve("questdb"));
    reader = KpiStores.reader(StoreSettings.questDb(questDb.httpUrl(), questDb.jdbcUrl()));
    live = LiveStream.start(kafka.bootstrapServers(), SETTINGS);
    await().atMost(Duration.ofSeconds(30)).until(live::reading);
    app =
        DashboardApi.create(
                ApiContext.builder(reader, metrics, Clock.systemUTC()).stream(live).build())
            .start("127.0.0.1", 0);
    producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG,
                5),
            Topics.KPIS.keySerde().serializer(),
            Topics.KPIS.valueSerde().serializer());
  }

  @AfterAll
  static void stop() {
    if (producer != null) {
      producer.close();
    }
    if (app != null) {
      app.stop();
    }
    for (AutoCloseable c : new AutoCloseable[] {live, reader, questDb, kafka}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing the rest matters more
      }
    }
  }

  /** A point with a fresh value, so each test can tell its own points from the others'. */
  private static KpiPoint orders(String region, String channel) {
    return new KpiPoint(
        "orders",
        T0,
        Duration.ofMinutes(1),
        Map.of("region", region, "channel", channel),
        value.incrementAndGet());
  }

  private static void send(List<KpiPoint> points) throws Exception {
    List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
    for (KpiPoint p : points) {
      sent.add(
          producer.send(new ProducerRecord<>(Topics.KPIS.name(), p.kpi() + "|" + p.series(), p)));
    }
    for (java.util.concurrent.Future<?> f : sent) {
      f.get();
    }
  }

  /** One parsed server-sent event, or a comment line. */
  record Sse(String id, String event, String data, String comment) {}

  /** Reads a stream on its own thread into a list the test polls. */
  static final class Client implements AutoCloseable {
    final List<Sse> events = new CopyOnWriteArrayList<>();
    final HttpResponse<java.util.stream.Stream<String>> response;
    final Thread reader;

    Client(String query, Map<String, String> headers) throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + app.port() + "/api/v1/stream" + query));
      headers.forEach(request::header);
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
      reader =
          new Thread(
              () -> {
                String id = null;
                String event = null;
                StringBuilder data = new StringBuilder();
                try {
                  for (String line : (Iterable<String>) response.body()::iterator) {
                    if (line.startsWith(":")) {
                      events.add(new Sse(null, null, null, line));
                    } else if (line.startsWith("id: ")) {
                      id = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                      event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                      data.append(line.substring(6));
                    } else if (line.isEmpty() && event != null) {
                      events.add(new Sse(id, event, data.toString(), null));
                      id = null;
                      event = null;
                      data.setLength(0);
                    }
                  }
                } catch (RuntimeException closed) {
                  // the test closed the stream
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    List<Sse> named(String event) {
      return events.stream().filter(e -> event.equals(e.event())).toList();
    }

    List<Double> values() {
      return named("kpi").stream().map(e -> Json.read(e.data(), KpiPoint.class).value()).toList();
    }

    @Override
    public void close() {
      response.body().close();
    }
  }

  @Test
  void shouldStreamOnlyTheAskedPointsAndAlertsWithIdsAndHeartbeats() throws Exception {
    try (Client eu = new Client("?kpi=orders&region=eu", Map.of());
        Client quiet = new Client("?kpi=revenue&alerts=false", Map.of())) {
      assertThat(eu.response.statusCode()).isEqualTo(200);
      assertThat(eu.response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
      KpiPoint euAll = orders("eu", "all");
      KpiPoint euWeb = orders("eu", "web");
      send(List.of(euAll, orders("us", "all"), euWeb));
      AlertSignal signal =
          new AlertSignal(
              "payments_down",
              Map.of("region", "eu"),
              AlertStatus.FIRING,
              Severity.CRITICAL,
              "card payments failing",
              0.4,
              "< 0.05",
              T0,
              null,
              null);
      AlertView view =
          new AlertView(
              signal.fingerprint(), AlertState.FIRING, signal, null, Instant.now(), List.of());
      try (var alertProducer =
          new KafkaProducer<>(
              Map.<String, Object>of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
              Topics.ALERT_STATE.keySerde().serializer(),
              Topics.ALERT_STATE.valueSerde().serializer())) {
        alertProducer
            .send(new ProducerRecord<>(Topics.ALERT_STATE.name(), view.fingerprint(), view))
            .get();
      }

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(eu.values()).containsExactlyInAnyOrder(euAll.value(), euWeb.value());
                assertThat(eu.named("alert")).hasSize(1);
              });
      assertThat(Json.read(eu.named("kpi").get(0).data(), KpiPoint.class).tags())
          .containsEntry("region", "eu");
      assertThat(eu.named("alert").get(0).data()).contains("payments_down");
      assertThat(eu.named("kpi")).allSatisfy(e -> assertThat(e.id()).matches("[0-9a-z]+-\\d+"));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(quiet.events)
                      .filteredOn(e -> ": heartbeat".equals(e.comment()))
                      .isNotEmpty());
      assertThat(quiet.named("kpi")).isEmpty();
      assertThat(quiet.named("alert")).isEmpty();
    }
  }

  @Test
  void shouldStreamPartialPointsOfOpenWindowsWithoutIdsSoAResumeNeverStartsFromOne()
      throws Exception {
    try (Client eu = new Client("?kpi=orders&region=eu&alerts=false", Map.of())) {
      KpiPoint soFar = orders("eu", "all");
      KpiPoint elsewhere = orders("us", "all");
      for (KpiPoint p : List.of(soFar, elsewhere)) {
        producer
            .send(new ProducerRecord<>(Topics.KPI_PARTIALS.name(), p.kpi() + "|" + p.series(), p))
            .get();
      }
      KpiPoint closed = orders("eu", "all");
      send(List.of(closed));

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(eu.named("partial")).hasSize(1);
                assertThat(eu.values()).containsExactly(closed.value());
              });
      Sse partial = eu.named("partial").get(0);
      assertThat(Json.read(partial.data(), KpiPoint.class)).isEqualTo(soFar);
      assertThat(partial.id()).isNull();
    }
  }

  @Test
  void shouldResumeAfterTheLastEventIdAndSayWhenThatIsImpossible() throws Exception {
    List<KpiPoint> first = List.of(orders("jp", "all"), orders("jp", "all"), orders("jp", "all"));
    String lastSeen;
    try (Client before = new Client("?kpi=orders&region=jp", Map.of())) {
      send(first);
      await().atMost(Duration.ofSeconds(30)).until(() -> before.named("kpi").size() == 3);
      lastSeen = before.named("kpi").get(0).id();
    }
    KpiPoint whileAway = orders("jp", "all");
    send(List.of(whileAway));
    // sent while no client listens: kept for resume, whether the hub has it yet or gets it live
    try (Client resumed = new Client("?kpi=orders&region=jp", Map.of("Last-Event-ID", lastSeen));
        Client stranger = new Client("?kpi=orders", Map.of("Last-Event-ID", "zz-1"))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(resumed.values())
                      .containsExactly(
                          first.get(1).value(), first.get(2).value(), whileAway.value()));
      await().atMost(Duration.ofSeconds(30)).until(() -> !stranger.named("reset").isEmpty());
      assertThat(resumed.named("reset")).isEmpty();
    }
  }

  @Test
  void shouldCutOffAClientThatStopsReadingWhileTheOthersGetEverything() throws Exception {
    // a big tag value: fewer events fill the socket buffers in front of the stalled client
    String region = "slow-" + "x".repeat(1_000);
    long cutBefore = live.hub().cutOff();
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", app.port()));
      OutputStream out = stalled.getOutputStream();
      out.write(
          ("GET /api/v1/stream?kpi=orders&alerts=false HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader head =
          new BufferedReader(
              new InputStreamReader(stalled.getInputStream(), StandardCharsets.UTF_8));
      assertThat(head.readLine()).contains("200");
      try (Client reading = new Client("?kpi=orders&alerts=false", Map.of())) {
        await().atMost(Duration.ofSeconds(10)).until(() -> live.hub().clients() >= 2);
        int rounds = 30;
        int perRound = 500;
        long started = System.nanoTime();
        for (int round = 0; round < rounds && live.hub().cutOff() == cutBefore; round++) {
          List<KpiPoint> batch = new ArrayList<>();
          for (int i = 0; i < perRound; i++) {
            batch.add(orders(region, "all"));
          }
          send(batch);
          int expected = (round + 1) * perRound;
          // the reading client keeps up; the stalled one falls behind
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> reading.named("kpi").size() >= expected);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(live.hub().cutOff()).isEqualTo(cutBefore + 1);
        int got = reading.named("kpi").size();
        List<Double> values = reading.values();
        assertThat(values).isSorted().doesNotHaveDuplicates();
        System.out.printf(
            "stream: a reading client got %d events of %d bytes in %d ms while a stalled one was"
                + " cut off%n",
            got, region.length() + 120, took.toMillis());
        assertThat(metrics.scrape()).contains("opsmon_api_stream_cut_off_total");
      }
    }
  }

  @Test
  void shouldServeTwoHundredClientsAtOnce() throws Exception {
    List<Client> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        clients.add(new Client("?kpi=orders&region=crowd&alerts=false", Map.of()));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> live.hub().clients() >= 200);
      List<KpiPoint> points = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        points.add(orders("crowd", "all"));
      }
      long started = System.nanoTime();
      send(points);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> clients.stream().allMatch(c -> c.named("kpi").size() == 50));
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      System.out.printf(
          "stream: %d clients each got all %d points %d ms after they were sent%n",
          clients.size(), points.size(), took.toMillis());
      assertThat(clients)
          .allSatisfy(
              c ->
                  assertThat(c.values())
                      .containsExactlyElementsOf(points.stream().map(KpiPoint::value).toList()));
    } finally {
      clients.forEach(Client::close);
    }
  }

  @Test
  void shouldRefuseUnknownKpisAndTags() throws Exception {
    HttpResponse<String> kpi =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.port() + "/api/v1/stream?kpi=teleports"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> tag =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + app.port() + "/api/v1/stream?kpi=orders&sku=x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(kpi.statusCode()).isEqualTo(400);
    assertThat(kpi.body()).contains("unknown KPI 'teleports'");
    assertThat(tag.statusCode()).isEqualTo(400);
    assertThat(tag.body()).contains("'sku' is not a tag");
  }
}
