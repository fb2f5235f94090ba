package com.opsmon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.api.security.ApiTokens;
import com.opsmon.embedded.TopicReader;
import com.opsmon.launcher.stack.StackConfig;
import com.opsmon.launcher.stack.StandaloneStack;
import com.opsmon.model.topics.Topics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The ops-room page of the whole standalone monitor, as an operator meets it: the stack in-process
 * behind a read and an admin token, orders posted over HTTP, and {@code /} opened in a real
 * headless Chromium (Debian's {@code chromium} and {@code chromium-driver}; skipped with the reason
 * where they are absent). The page asks for the read token; once the admin token is typed into its
 * field instead, every headline tile shows what {@code GET /api/v1/overview} gives, formatted as
 * the page formats it, and the orders tile the count of the last closed minute; orders posted in
 * the current minute appear on the orders tile as that minute's count so far, and as its value once
 * the minute closes, without a reload; the region that stopped ordering is listed as a firing
 * alert, and its Acknowledge button makes it acknowledged in {@code GET /api/v1/alerts}. A
 * screenshot is saved as {@code target/standalone-page.png}.
 */
class StandalonePageIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private static final String READ_TOKEN = "standalone-page-read";
  private static final String ADMIN_TOKEN = "standalone-page-admin";
  private static final Map<String, String> CURRENCY =
      Map.of("eu", "EUR", "us", "USD", "apac", "SGD");

  /** Minutes of orders before the current one. */
  private static final int MINUTES = 10;

  /** apac orders in the minutes before this one and never again: its alert stays firing. */
  private static final int APAC_STOPS = 6;

  /** Orders posted in the current minute, to be seen filling it up. */
  private static final int SO_FAR = 7;

  @TempDir Path dataDir;
  private StandaloneStack stack;
  private ApiClient api;
  private ChromeDriver browser;
  private final Random random = new Random(7);
  private int nextId;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "no headless browser: "
            + CHROMIUM
            + " and "
            + CHROMEDRIVER
            + " are needed (apt-get install chromium chromium-driver; .ci/run does)");
    stack =
        StandaloneStack.start(
            StackConfig.builder(dataDir)
                .apiPort(0)
                .rate(0)
                .rules(TestRules.ORDERS_STOPPED)
                .tokens(new ApiTokens(Optional.of(READ_TOKEN), Optional.of(ADMIN_TOKEN)))
                .outOfOrderness(Duration.ofSeconds(2))
                .idleTimeout(Duration.ofSeconds(3))
                .checkpointInterval(Duration.ofSeconds(1))
                .build());
    api = new ApiClient(stack.apiUrl(), Optional.of(READ_TOKEN));

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1600,1500",
        "--user-data-dir=" + dataDir.resolve("chromium"));
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build(),
            options);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (browser != null) {
        // taken here so a failed run leaves its picture too
        Path target = Path.of("target", "standalone-page.png");
        Files.copy(
            browser.getScreenshotAs(OutputType.FILE).toPath(),
            target,
            StandardCopyOption.REPLACE_EXISTING);
        System.out.println("standalone ops-room screenshot: " + target.toAbsolutePath());
      }
    } finally {
      if (browser != null) {
        browser.quit();
      }
      if (stack != null) {
        stack.close();
      }
    }
  }

  @Test
  void shouldShowTheApiValuesTakeNewOrdersLiveAndAcknowledgeTheStoppedRegionFromThePage()
      throws Exception {
    Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(MINUTES));
    Instant lastMinute = base.plus(Duration.ofMinutes(MINUTES - 1));
    List<Posted> history = history(base);
    JsonNode stored =
        api.post(
            String.join(
                "\n",
                history.stream()
                    .sorted(Comparator.comparing(Posted::at))
                    .map(Posted::json)
                    .toList()));
    assertThat(stored.get("accepted").asInt()).isEqualTo(history.size());
    long lastMinuteOrders =
        history.stream()
            .filter(p -> p.type().equals("order_created"))
            .filter(p -> p.at().truncatedTo(ChronoUnit.MINUTES).equals(lastMinute))
            .count();

    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              JsonNode orders = headline(api.get("/api/v1/overview"), "orders");
              assertThat(orders.get("time").asText()).isEqualTo(lastMinute.toString());
              assertThat(orders.get("value").asDouble()).isEqualTo(lastMinuteOrders);
            });
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(apacAlert())
                    .as(
                        () ->
                            "alerts "
                                + alerts()
                                + "; signals topic "
                                + TopicReader.values(stack.kafkaBootstrap(), Topics.ALERT_SIGNALS))
                    .isPresent());
    String apac = apacAlert().orElseThrow();

    browser.get(stack.apiUrl().resolve("/").toString());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "the read token is needed".equals(text("#status")));
    browser.findElement(By.id("token")).sendKeys(ADMIN_TOKEN, Keys.TAB);
    await().atMost(Duration.ofSeconds(30)).until(() -> "live".equals(text("#status")));

    // (1) every tile as the API gives its headline; polled, as the page and the API read apart
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Map<String, String> expected = new TreeMap<>();
              for (JsonNode h : api.get("/api/v1/overview").get("headlines")) {
                expected.put(h.get("kpi").asText(), format(h.get("value")));
              }
              assertThat(tiles()).isEqualTo(expected);
            });
    assertThat(tiles())
        .as("orders and both order ratios have values, so more than the dash is compared")
        .containsEntry("orders", format(lastMinuteOrders))
        .hasEntrySatisfying("payment_failure_rate", v -> assertThat(v).isNotEqualTo("–"))
        .hasEntrySatisfying("cancellation_rate", v -> assertThat(v).isNotEqualTo("–"));

    // (2) orders in the current minute: its count so far under the closed value, then its value
    ((JavascriptExecutor) browser).executeScript("window.sameLoad = true;");
    // the minute must stay open long enough for a partial point to reach the page before it closes
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Instant.now().atZone(ZoneOffset.UTC).getSecond() < 45);
    Instant now = Instant.now();
    Instant currentMinute = now.truncatedTo(ChronoUnit.MINUTES);
    List<String> current = new ArrayList<>();
    for (int i = 0; i < SO_FAR; i++) {
      Instant at =
          currentMinute.plusMillis(Duration.between(currentMinute, now).toMillis() * i / SO_FAR);
      current.add(order(at, i % 2 == 0 ? "eu" : "us").json());
    }
    assertThat(api.post(String.join("\n", current)).get("accepted").asInt()).isEqualTo(SO_FAR);
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(text("#tile-orders .so-far"))
                    .as("the open minute as far as it has come")
                    .endsWith("so far " + format(SO_FAR)));
    assertThat(sameLoad()).isTrue();

    // (3) the stopped region's alert, acknowledged on the page
    String item = "#alerts li[data-fingerprint='" + apac + "']";
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !browser.findElements(By.cssSelector(item + " button.ack")).isEmpty());
    assertThat(browser.findElements(By.cssSelector(item + ".critical.firing"))).hasSize(1);
    assertThat(text(item + " .summary")).contains("region=apac");
    // an alert change elsewhere redraws the list: click the button as it is now
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreException(StaleElementReferenceException.class)
        .until(
            () -> {
              browser.findElement(By.cssSelector(item + " button.ack")).click();
              return true;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode alert = listed(apac);
              assertThat(alert.get("state").asText()).isEqualTo("acknowledged");
              assertThat(alert.get("ack").get("by").asText()).isEqualTo("ops room");
            });
    await().atMost(Duration.ofSeconds(30)).until(() -> text(item).contains("(acknowledged)"));

    await()
        .atMost(Duration.ofSeconds(80))
        .until(() -> format(SO_FAR).equals(text("#tile-orders .value")));
    assertThat(sameLoad()).as("no reload on the way").isTrue();
  }

  /** An event the test posts. */
  private record Posted(Instant at, String type, String orderId, String region, String json) {}

  /**
   * Orders in each of the {@link #MINUTES} minutes before the current one, each paid (every fourth
   * payment failing) and every fifth cancelled; apac orders in the first {@link #APAC_STOPS} only.
   */
  private List<Posted> history(Instant base) {
    List<Posted> events = new ArrayList<>();
    for (int minute = 0; minute < MINUTES; minute++) {
      for (String region : List.of("eu", "us", "apac")) {
        if (region.equals("apac") && minute >= APAC_STOPS) {
          continue;
        }
        int count = 2 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
          // before :58, so the later steps fall in the same minute
          Instant at = base.plus(Duration.ofMinutes(minute)).plusMillis(random.nextInt(58_000));
          Posted order = order(at, region);
          events.add(order);
          events.add(step(order, nextId % 4 == 0 ? "payment_failed" : "payment_authorized"));
          if (nextId % 5 == 0) {
            events.add(step(order, "order_cancelled"));
          }
        }
      }
    }
    // the last data ends just before the current minute, so its window closes as soon as event time
    // moves on with the clock
    events.add(order(base.plus(Duration.ofMinutes(MINUTES)).minusMillis(500), "eu"));
    return events;
  }

  private Posted order(Instant at, String region) {
    int id = ++nextId;
    String orderId = "o-" + id;
    BigDecimal amount = BigDecimal.valueOf(100 + random.nextInt(20_000), 2);
    return new Posted(
        at,
        "order_created",
        orderId,
        region,
        "{\"type\":\"order_created\",\"eventId\":\"page-%d\",\"orderId\":\"%s\",\"occurredAt\":\"%s\",\"region\":\"%s\",\"channel\":\"web\",\"amount\":%s,\"currency\":\"%s\"}"
            .formatted(id, orderId, at, region, amount.toPlainString(), CURRENCY.get(region)));
  }

  /** A later step of an order, 0.3 s after it. */
  private static Posted step(Posted order, String type) {
    Instant at = order.at().plusMillis(300);
    return new Posted(
        at,
        type,
        order.orderId(),
        order.region(),
        "{\"type\":\"%s\",\"eventId\":\"%s-%s\",\"orderId\":\"%s\",\"occurredAt\":\"%s\",\"region\":\"%s\",\"channel\":\"web\"}"
            .formatted(type, type, order.orderId(), order.orderId(), at, order.region()));
  }

  /** For failure messages. */
  private String alerts() {
    try {
      return api.get("/api/v1/alerts").toString();
    } catch (Exception e) {
      return e.toString();
    }
  }

  /** The firing orders_stopped alert of apac, by fingerprint. */
  private Optional<String> apacAlert() throws Exception {
    for (JsonNode a : api.get("/api/v1/alerts").get("alerts")) {
      JsonNode labels = a.get("labels");
      if (labels.path("alertname").asText().equals("orders_stopped")
          && labels.path("region").asText().equals("apac")
          && a.get("state").asText().equals("firing")) {
        return Optional.of(a.get("fingerprint").asText());
      }
    }
    return Optional.empty();
  }

  /** The alert as {@code GET /api/v1/alerts} lists it. */
  private JsonNode listed(String fingerprint) throws Exception {
    for (JsonNode a : api.get("/api/v1/alerts").get("alerts")) {
      if (a.get("fingerprint").asText().equals(fingerprint)) {
        return a;
      }
    }
    throw new AssertionError("alert " + fingerprint + " is not listed");
  }

  private static JsonNode headline(JsonNode overview, String kpi) {
    for (JsonNode h : overview.get("headlines")) {
      if (h.get("kpi").asText().equals(kpi)) {
        return h;
      }
    }
    throw new AssertionError("no headline " + kpi + " in " + overview);
  }

  /** Each tile's value by KPI, read in one go: the page may redraw the tiles between two reads. */
  @SuppressWarnings("unchecked")
  private Map<String, String> tiles() {
    return new TreeMap<>(
        (Map<String, String>)
            ((JavascriptExecutor) browser)
                .executeScript(
                    "return Object.fromEntries([...document.querySelectorAll('#tiles .tile')]"
                        + ".map((t) => [t.id.slice('tile-'.length),"
                        + " t.querySelector('.value').textContent]));"));
  }

  /** The element's text, empty when there is none; read in the page, so a redraw cannot race. */
  private String text(String css) {
    return (String)
        ((JavascriptExecutor) browser)
            .executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';",
                css);
  }

  private boolean sameLoad() {
    return Boolean.TRUE.equals(
        ((JavascriptExecutor) browser).executeScript("return window.sameLoad === true;"));
  }

  private static String format(JsonNode value) {
    return value == null || value.isNull() ? "–" : format(value.asDouble());
  }

  /** As the page's {@code format()} in ops-room.js shows a value. */
  static String format(double value) {
    double abs = Math.abs(value);
    if (abs != 0 && abs < 1) {
      // toFixed(3): the double's exact decimal value, half up
      return new BigDecimal(value).setScale(3, RoundingMode.HALF_UP).toPlainString();
    }
    if (abs < 100) {
      return BigDecimal.valueOf(Math.round(value * 10) / 10.0).stripTrailingZeros().toPlainString();
    }
    return String.format(Locale.ENGLISH, "%,d", Math.round(value));
  }
}
