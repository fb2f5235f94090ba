package com.opsmon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.alerting.AlertingService;
import com.opsmon.alerting.config.RoutingFile;
import com.opsmon.api.alerts.AlertCommands;
import com.opsmon.api.alerts.AlertsProjection;
import com.opsmon.api.security.ApiTokens;
import com.opsmon.api.stream.LiveStream;
import com.opsmon.api.stream.StreamSettings;
import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.embedded.EmbeddedQuestDb;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.Severity;
import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.rules.RulesRepository;
import com.opsmon.model.topics.KafkaAdmin;
import com.opsmon.model.topics.Topics;
import com.opsmon.store.KpiQuery;
import com.opsmon.store.KpiReader;
import com.opsmon.store.KpiStores;
import com.opsmon.store.KpiWriter;
import com.opsmon.store.StoreSettings;
import com.sun.net.httpserver.HttpServer;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The ops-room page at {@code /} in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}; skipped with the reason where they are absent), served by the API over a real
 * QuestDB and broker with the real alert manager: the tiles show the overview's values, the chart
 * of a headline draws its value and expected band, a new KPI point and a new alert appear without a
 * reload (the alert as a mark on its KPI's chart), and acknowledging and silencing the alert on the
 * page (with the admin token) reach the API; behind a read token, the page asks for it and shows
 * the room once it is given. A screenshot is saved as {@code target/ops-room.png}.
 */
class OpsRoomPageIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** The newest minute: the page shows the last hour of the real clock. */
  static final Instant MINUTE = Instant.now().truncatedTo(ChronoUnit.MINUTES);

  static final Map<String, String> TOTAL = Map.of("region", "all", "channel", "all");
  static final String TOKEN = "wall-screen-admin";

  /** Minutes of orders history before the overview's points: what the chart and its band show. */
  static final int HISTORY_MINUTES = 180;

  /** The rule whose alert the page marks on the orders chart and silences. */
  static final String RULES =
      """
      rules:
        - name: orders_dropped
          kpi: orders
          severity: critical
          threshold: {below: 10}
      """;

  static final String READ_TOKEN = "wall-screen-read";

  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static EmbeddedQuestDb questDb;
  static KpiReader reader;
  static AlertsProjection alerts;
  static AlertCommands commands;
  static LiveStream live;
  static HttpServer hook;
  static AlertingService alerting;
  static Javalin app;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "no headless browser: "
            + CHROMIUM
            + " and "
            + CHROMEDRIVER
            + " are needed (apt-get install chromium chromium-driver; .ci/run does)");
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    try (KafkaAdmin admin = new KafkaAdmin(kafka.bootstrapServers())) {
      admin.ensureTopics(1, (short) 1);
    }
    // the real alert manager, notifying a local webhook that answers 200
    hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/hook",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    hook.start();
    Files.writeString(
        dir.resolve("hook.url"), "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
    Files.writeString(
        dir.resolve("routing.yml"),
        """
        lifecycle: {tick: 200ms}
        route: {receiver: hook, group_by: ['...'], group_wait: 1s, group_interval: 1s}
        receivers:
          - name: hook
            webhook: {url_file: %s}
        """
            .formatted(dir.resolve("hook.url")));
    alerting =
        AlertingService.start(
            new AlertingService.Config(
                kafka.bootstrapServers(),
                dir.resolve("alerting"),
                "ops-room-page-it",
                RoutingFile.read(dir.resolve("routing.yml"), "http://opsmon")),
            new SimpleMeterRegistry());
    questDb = EmbeddedQuestDb.start(dir.resolve("questdb"));
    StoreSettings store = StoreSettings.questDb(questDb.httpUrl(), questDb.jdbcUrl());
    KpiStores.prepare(store);
    reader = KpiStores.reader(store);
    List<KpiPoint> history = new ArrayList<>();
    for (int m = HISTORY_MINUTES; m > 3; m--) {
      history.add(orders(MINUTE.minus(Duration.ofMinutes(m)), Math.round(45 + 4 * Math.sin(m))));
    }
    try (KpiWriter writer = KpiStores.writer(store)) {
      writer.write(history);
      writer.write(
          List.of(
              orders(MINUTE.minus(Duration.ofMinutes(3)), 40),
              orders(MINUTE.minus(Duration.ofMinutes(2)), 50),
              orders(MINUTE.minus(Duration.ofMinutes(2)).minus(Duration.ofDays(1)), 40),
              new KpiPoint(
                  "service_error_rate",
                  MINUTE.minus(Duration.ofMinutes(2)),
                  Duration.ofMinutes(1),
                  Map.of("service", "all", "endpoint", "all", "region", "all"),
                  0.02)));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                reader
                        .read(
                            new KpiQuery(
                                "orders",
                                MINUTE.minus(Duration.ofMinutes(HISTORY_MINUTES)),
                                MINUTE,
                                TOTAL))
                        .size()
                    == history.size() + 2);
    RulesRepository rules = RulesRepository.kafka(kafka.bootstrapServers(), Clock.systemUTC());
    rules.publish(RULES, "ops-room-page-it");
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    alerts = new AlertsProjection(kafka.bootstrapServers(), 100, metrics).start();
    commands = AlertCommands.kafka(kafka.bootstrapServers());
    live = LiveStream.start(kafka.bootstrapServers(), StreamSettings.DEFAULTS);
    await().atMost(Duration.ofSeconds(30)).until(live::reading);
    app =
        DashboardApi.create(
                ApiContext.builder(reader, metrics, Clock.systemUTC())
                    .alerts(alerts, commands)
                    .rules(rules)
                    .stream(live)
                    .adminToken(Optional.of(TOKEN))
                    .build())
            .start("127.0.0.1", 0);

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1600,1500",
        "--user-data-dir=" + dir.resolve("chromium"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (app != null) {
      app.stop();
    }
    if (hook != null) {
      hook.stop(0);
    }
    for (AutoCloseable c :
        new AutoCloseable[] {live, commands, alerts, alerting, reader, questDb, kafka}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing the rest matters more
      }
    }
  }

  private static KpiPoint orders(Instant at, double value) {
    return new KpiPoint("orders", at, Duration.ofMinutes(1), TOTAL, value);
  }

  private static String attribute(String css, String name) {
    List<WebElement> found = browser.findElements(By.cssSelector(css));
    return found.isEmpty() ? "" : found.get(0).getDomAttribute(name);
  }

  /** The element's text, empty when there is none; read in the page, so a redraw cannot race. */
  private static String text(String css) {
    return (String)
        ((JavascriptExecutor) browser)
            .executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';",
                css);
  }

  /**
   * Clicks the element as it is now: an update may redraw the list between finding and clicking.
   */
  private static void click(String css) {
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreException(StaleElementReferenceException.class)
        .until(
            () -> {
              browser.findElement(By.cssSelector(css)).click();
              return true;
            });
  }

  private static String tileValue(String kpi) {
    return text("#tile-" + kpi + " .value");
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    return Json.mapper().readTree(response.body());
  }

  @Test
  void shouldShowTheOverviewTakeNewPointsAndAlertsLiveAndAcknowledgeFromThePage() throws Exception {
    browser.get("http://127.0.0.1:" + app.port() + "/");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !browser.findElements(By.cssSelector("#tile-orders .value")).isEmpty());
    JsonNode api = get("/api/v1/overview");
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValue("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");

    assertThat(api.get("headlines").get(0).get("value").asDouble()).isEqualTo(50);
    assertThat(tileValue("orders")).isEqualTo("50");
    assertThat(tileValue("service_error_rate")).isEqualTo("0.020");
    assertThat(tileValue("conversion")).isEqualTo("–");
    assertThat(text("#tile-orders .change")).contains("vs yesterday: +10 (25.0%)");
    assertThat(browser.findElements(By.cssSelector("#tile-orders polyline"))).hasSize(1);
    assertThat(text("#alerts")).isEqualTo("none firing");
    await().atMost(Duration.ofSeconds(30)).until(() -> "live".equals(text("#status")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !attribute("#chart-orders path.line", "d").isEmpty());
    assertThat(attribute("#chart-orders path.band", "d"))
        .as("the detector's band, learned from the history, is shaded")
        .startsWith("M")
        .endsWith("Z");
    assertThat(Instant.parse(attribute("#chart-orders", "data-newest")))
        .isEqualTo(MINUTE.minus(Duration.ofMinutes(2)));
    // a mark on this page load: still there afterwards means no reload happened
    ((JavascriptExecutor) browser).executeScript("window.sameLoad = true;");

    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            Topics.KPIS.keySerde().serializer(),
            Topics.KPIS.valueSerde().serializer())) {
      KpiPoint next = orders(MINUTE.minus(Duration.ofMinutes(1)), 64);
      producer.send(new ProducerRecord<>(Topics.KPIS.name(), "orders", next)).get();
      KpiPoint soFar = orders(MINUTE, 17);
      producer.send(new ProducerRecord<>(Topics.KPI_PARTIALS.name(), "orders", soFar)).get();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> tileValue("orders").equals("64"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(text("#tile-orders .so-far"))
                    .as("the minute still open, as far as it has come, under the closed one")
                    .endsWith("so far 17"));
    assertThat(tileValue("orders")).isEqualTo("64");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(attribute("#chart-orders", "data-newest"))
                    .as("the live point extends the chart")
                    .isEqualTo(
                        MINUTE.minus(Duration.ofMinutes(1)).toString().replace("Z", ".000Z")));
    assertThat(text("#tile-orders .change"))
        .as("a change against the old window is not shown next to the new value")
        .isEqualTo("vs yesterday: – · vs last week: –");

    AlertSignal signal =
        new AlertSignal(
            "orders_dropped",
            TOTAL,
            AlertStatus.FIRING,
            Severity.CRITICAL,
            "Orders dropped",
            4.0,
            ">= 10",
            MINUTE.minus(Duration.ofMinutes(20)),
            null,
            null);
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            Topics.ALERT_SIGNALS.keySerde().serializer(),
            Topics.ALERT_SIGNALS.valueSerde().serializer())) {
      producer
          .send(new ProducerRecord<>(Topics.ALERT_SIGNALS.name(), signal.fingerprint(), signal))
          .get();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !browser.findElements(By.cssSelector("#alerts li.critical")).isEmpty());

    assertThat(text("#alerts li.critical .summary")).isEqualTo("Orders dropped");
    String mark = "#chart-orders g.mark.critical[data-fingerprint='" + signal.fingerprint() + "']";
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !browser.findElements(By.cssSelector(mark)).isEmpty());
    assertThat(browser.findElements(By.cssSelector(mark + " line.start"))).hasSize(1);
    assertThat(browser.findElements(By.cssSelector(mark + " path.shape")))
        .as("critical is a triangle, as in the alert list")
        .hasSize(1);
    assertThat(text("#alert-counts")).isEqualTo("▲ 1 ◆ 0 ● 0");
    assertThat(tileValue("orders"))
        .as("the reloaded overview keeps the newer live value")
        .isEqualTo("64");
    assertThat(((JavascriptExecutor) browser).executeScript("return window.sameLoad === true;"))
        .isEqualTo(true);
    assertThat(browser.findElements(By.cssSelector("#health li.silent"))).hasSize(4);

    // acknowledged on the page: refused without the token, applied by the alert manager with it
    click("#alerts li.critical button.ack");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> !browser.findElements(By.cssSelector("#alerts li.critical .problem")).isEmpty());
    assertThat(text("#alerts li.critical .problem")).isEqualTo("the admin token is needed");
    click("#alerts li.critical button.silence");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                text("#alerts li.critical .problem")
                    .equals("the admin token is needed to silence"));
    assertThat(get("/api/v1/silences").get("silences")).isEmpty();
    browser.findElement(By.id("token")).sendKeys(TOKEN);
    click("#alerts li.critical button.ack");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonNode alert = get("/api/v1/alerts/" + signal.fingerprint());
              assertThat(alert.get("state").asText()).isEqualTo("acknowledged");
              assertThat(alert.get("ack").get("by").asText()).isEqualTo("ops room");
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> text("#alerts li.critical").contains("(acknowledged)"));
    assertThat(browser.findElements(By.cssSelector("#alerts button.ack"))).isEmpty();

    // silenced for an hour on the page: exactly this alert, its rule and its series
    click("#alerts li.critical button.silence");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode silences = get("/api/v1/silences").get("silences");
              assertThat(silences).hasSize(1);
              JsonNode silence = silences.get(0);
              assertThat(silence.get("status").asText()).isEqualTo("active");
              assertThat(silence.get("createdBy").asText()).isEqualTo("ops room");
              assertThat(silence.get("matchers"))
                  .extracting(JsonNode::asText)
                  .containsExactly(
                      "alertname=\"orders_dropped\"", "channel=\"all\"", "region=\"all\"");
              assertThat(
                      Duration.between(
                          Instant.parse(silence.get("startsAt").asText()),
                          Instant.parse(silence.get("endsAt").asText())))
                  .isEqualTo(Duration.ofHours(1));
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> text("#alerts li.critical").contains("(silenced)"));
    assertThat(browser.findElements(By.cssSelector("#alerts button.silence"))).isEmpty();
    assertThat(get("/api/v1/alerts/" + signal.fingerprint()).get("silencedBy")).hasSize(1);
    assertThat(((JavascriptExecutor) browser).executeScript("return window.sameLoad === true;"))
        .isEqualTo(true);
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Path target = Path.of("target", "ops-room.png");
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    System.out.println("ops-room screenshot: " + target.toAbsolutePath());
  }

  @Test
  void shouldAskAWallScreenForTheReadTokenAndShowTheRoomOnceItIsGiven() throws Exception {
    // the same room behind a read token: the page says what it needs, and shows the overview and
    // goes live once the token is typed in, without a reload
    Javalin guarded =
        DashboardApi.create(
                ApiContext.builder(
                        reader,
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        Clock.systemUTC())
                    .alerts(alerts, commands)
                    .stream(live)
                    .tokens(new ApiTokens(Optional.of(READ_TOKEN), Optional.of(TOKEN)))
                    .build())
            .start("127.0.0.1", 0);
    try {
      browser.get("http://127.0.0.1:" + guarded.port() + "/");
      ((JavascriptExecutor) browser).executeScript("sessionStorage.clear();");
      browser.navigate().refresh();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> "the read token is needed".equals(text("#status")));
      assertThat(browser.findElements(By.cssSelector("#tile-orders .value"))).isEmpty();
      ((JavascriptExecutor) browser).executeScript("window.sameLoad = true;");

      browser.findElement(By.id("token")).sendKeys(READ_TOKEN, Keys.TAB);

      await().atMost(Duration.ofSeconds(30)).until(() -> "live".equals(text("#status")));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !browser.findElements(By.cssSelector("#tile-orders .value")).isEmpty());
      assertThat(tileValue("service_error_rate")).isEqualTo("0.020");
      assertThat(((JavascriptExecutor) browser).executeScript("return window.sameLoad === true;"))
          .isEqualTo(true);
    } finally {
      ((JavascriptExecutor) browser).executeScript("sessionStorage.clear();");
      guarded.stop();
    }
  }
}
