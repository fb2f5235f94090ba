package com.opsmon.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.launcher.WebhookCatcher;
import com.opsmon.launcher.stack.StackConfig;
import com.opsmon.launcher.stack.StandaloneStack;
import com.opsmon.model.json.Json;
import com.opsmon.model.rules.RulesFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault: three regions order steadily; one producer's clock runs 4 minutes ahead and sends a burst
 * dated then (within the accepted skew). Event time must not jump ahead with it: no region's minute
 * closes early, so a rule that pages on any silent minute pages nothing, and {@code /metrics} shows
 * the skew seen. Real minutes must pass for windows to close: it runs with the slow fault suite.
 */
@Tag("slow")
class ClockSkewIT {
  private static final List<String> REGIONS = List.of("eu", "us", "jp");
  private static final Pattern SKEW =
      Pattern.compile("opsmon_job_event_time_ahead_of_clock_ms\\{[^}]*\\} ([0-9.eE+]+)");

  @TempDir Path dir;

  @Test
  void shouldNotCloseAnyonesWindowsEarlyForEventsFromAClockAhead() throws Exception {
    WebhookCatcher webhook = WebhookCatcher.start();
    List<JsonNode> notifications = webhook.notifications();
    // pages on the first silent minute of a region that ordered before: any early close shows
    var rules =
        RulesFile.parse(
            """
            rules:
              - name: region_silent
                kpi: orders
                where: {region: "*"}
                severity: critical
                no_data: {for: 1m}
            """,
            "test");
    ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger sent = new AtomicInteger();
    try (StandaloneStack stack =
        StandaloneStack.start(
            StackConfig.builder(dir.resolve("data"))
                .apiPort(0)
                .rate(0)
                .rules(Optional.of(rules))
                .webhookUrl(Optional.of(webhook.url()))
                .outOfOrderness(Duration.ofSeconds(2))
                .idleTimeout(Duration.ofSeconds(30))
                .checkpointInterval(Duration.ofSeconds(1))
                .build())) {
      HttpClient http = HttpClient.newHttpClient();
      URI events = stack.apiUrl().resolve("/api/v1/events");
      // every region orders twice a second, stamped by a correct clock
      feeder.scheduleAtFixedRate(
          () -> {
            List<String> lines = new ArrayList<>();
            for (String region : REGIONS) {
              lines.add(order("steady-" + sent.incrementAndGet(), region, Instant.now()));
            }
            post(http, events, lines);
          },
          0,
          500,
          TimeUnit.MILLISECONDS);
      // a steady state first: every region has whole minutes of orders behind it
      await().atMost(Duration.ofMinutes(3)).until(() -> completedMinutes(http, stack, "eu") >= 2);

      List<String> burst = new ArrayList<>();
      Instant ahead = Instant.now().plus(Duration.ofMinutes(4));
      for (int i = 0; i < 20; i++) {
        burst.add(order("ahead-" + i, "us", ahead.plusMillis(i)));
      }
      assertThat(post(http, events, burst)).isEqualTo(202);

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> skewSeenMs(http, stack) > Duration.ofMinutes(3).toMillis());
      // the windows the burst would have closed early: two and a half more minutes of orders
      int before = completedMinutes(http, stack, "eu");
      await()
          .atMost(Duration.ofMinutes(4))
          .until(() -> completedMinutes(http, stack, "eu") >= before + 2);

      assertThat(notifications).as("pages for a clock ahead").isEmpty();
      System.out.printf(
          "clock 4 min ahead: %d steady orders and 20 ahead in, %d notifications,"
              + " skew seen in /metrics%n",
          sent.get(), notifications.size());
    } finally {
      feeder.shutdownNow();
      webhook.close();
    }
  }

  private static String order(String id, String region, Instant at) {
    return ("{\"type\":\"order_created\",\"eventId\":\"%s\",\"orderId\":\"o-%s\",\"occurredAt\":\"%s\","
            + "\"region\":\"%s\",\"channel\":\"web\",\"amount\":1.00,\"currency\":\"EUR\"}")
        .formatted(id, id, at, region);
  }

  private static int post(HttpClient http, URI events, List<String> lines) {
    try {
      return http.send(
              HttpRequest.newBuilder(events)
                  .header("Content-Type", "application/x-ndjson")
                  .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines)))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Minutes of the region's orders in the API: they appear once event time passes them. */
  private static int completedMinutes(HttpClient http, StandaloneStack stack, String region)
      throws Exception {
    Instant now = Instant.now();
    String query =
        "/api/v1/kpis/orders?region=%s&from=%s&to=%s"
            .formatted(region, now.minus(Duration.ofMinutes(30)), now);
    JsonNode body =
        Json.mapper()
            .readTree(
                http.send(
                        HttpRequest.newBuilder(stack.apiUrl().resolve(query)).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body());
    return body.get("points").size();
  }

  private static double skewSeenMs(HttpClient http, StandaloneStack stack) throws Exception {
    String metrics =
        http.send(
                HttpRequest.newBuilder(stack.apiUrl().resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = SKEW.matcher(metrics);
    double max = 0;
    while (m.find()) {
      max = Math.max(max, Double.parseDouble(m.group(1)));
    }
    return max;
  }
}
