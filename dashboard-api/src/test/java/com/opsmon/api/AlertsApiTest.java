package com.opsmon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.model.alerts.Ack;
import com.opsmon.model.alerts.AckCommand;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertState;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.alerts.Matcher;
import com.opsmon.model.alerts.NotificationLogEntry;
import com.opsmon.model.alerts.Severity;
import com.opsmon.model.alerts.Silence;
import com.opsmon.model.json.Json;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The alert endpoints over an alert manager state held in memory: listing, history,
 * acknowledgements and silences published for the alerting app, the admin token on every change.
 */
class AlertsApiTest {
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static final String TOKEN = "t0ken";

  private final InMemoryAlerts source = new InMemoryAlerts();
  private final RecordingCommands commands = new RecordingCommands();

  private Javalin app() {
    return DashboardApi.create(
        ApiContext.builder(
                new EmptyKpiReader(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.fixed(NOW, ZoneOffset.UTC))
            .alerts(source, commands)
            .adminToken(Optional.of(TOKEN))
            .build());
  }

  private static AlertView alert(String region, AlertState state, Instant startsAt) {
    AlertSignal signal =
        new AlertSignal(
            "orders_dropped",
            Map.of("region", region),
            state == AlertState.RESOLVED ? AlertStatus.RESOLVED : AlertStatus.FIRING,
            Severity.CRITICAL,
            "orders dropped in " + region,
            0.0,
            "> 0",
            startsAt,
            state == AlertState.RESOLVED ? startsAt.plusSeconds(60) : null,
            null);
    return new AlertView(
        signal.fingerprint(),
        state,
        signal,
        null,
        startsAt,
        List.of(new AlertView.HistoryEntry(startsAt, state, state.wireName())));
  }

  private static JsonNode json(Response response) throws Exception {
    return Json.mapper().readTree(response.body().string());
  }

  @Test
  void shouldListAlertsNewestFirstFilteredByState() {
    source.put(alert("eu", AlertState.FIRING, NOW.minusSeconds(600)));
    source.put(alert("us", AlertState.FIRING, NOW.minusSeconds(60)));
    source.put(alert("apac", AlertState.RESOLVED, NOW.minusSeconds(300)));
    JavalinTest.test(
        app(),
        (server, client) -> {
          JsonNode firing = json(client.get("/api/v1/alerts?state=firing"));
          JsonNode all = json(client.get("/api/v1/alerts"));
          Response bad = client.get("/api/v1/alerts?state=burning");

          assertThat(firing.get("alerts"))
              .extracting(a -> a.get("labels").get("region").asText())
              .containsExactly("us", "eu");
          assertThat(all.get("alerts")).hasSize(3);
          assertThat(firing.get("alerts").get(0).get("labels").get("alertname").asText())
              .isEqualTo("orders_dropped");
          assertThat(bad.code()).isEqualTo(400);
        });
  }

  @Test
  void shouldShowOneAlertWithItsHistoryAndTheSilencesMutingIt() {
    AlertView eu = alert("eu", AlertState.FIRING, NOW.minusSeconds(600));
    source.put(eu);
    source.published(
        new Silence(
            "s1",
            List.of(Matcher.parse("region=\"eu\"")),
            NOW.minusSeconds(60),
            NOW.plusSeconds(3600),
            "carol",
            "maintenance",
            NOW.minusSeconds(60)));
    JavalinTest.test(
        app(),
        (server, client) -> {
          JsonNode shown = json(client.get("/api/v1/alerts/" + eu.fingerprint()));

          assertThat(shown.get("state").asText()).isEqualTo("firing");
          assertThat(shown.get("history"))
              .extracting(h -> h.get("detail").asText())
              .containsExactly("firing");
          assertThat(shown.get("silencedBy")).extracting(JsonNode::asText).containsExactly("s1");
          assertThat(client.get("/api/v1/alerts/unknown").code()).isEqualTo(404);
        });
  }

  @Test
  void shouldPublishAnAcknowledgementOnlyWithTheAdminToken() {
    AlertView eu = alert("eu", AlertState.FIRING, NOW.minusSeconds(600));
    AlertView gone = alert("us", AlertState.RESOLVED, NOW.minusSeconds(600));
    source.put(eu);
    source.put(gone);
    JavalinTest.test(
        app(),
        (server, client) -> {
          String body = "{\"by\":\"alice\",\"comment\":\"looking\",\"duration\":\"2h\"}";
          Response anonymous = client.post("/api/v1/alerts/" + eu.fingerprint() + "/ack", body);
          Response acked =
              client.post(
                  "/api/v1/alerts/" + eu.fingerprint() + "/ack",
                  body,
                  r -> r.header("Authorization", "Bearer " + TOKEN));
          Response resolved =
              client.post(
                  "/api/v1/alerts/" + gone.fingerprint() + "/ack",
                  body,
                  r -> r.header("Authorization", "Bearer " + TOKEN));
          Response nobody =
              client.post(
                  "/api/v1/alerts/" + eu.fingerprint() + "/ack",
                  "{\"comment\":\"x\"}",
                  r -> r.header("Authorization", "Bearer " + TOKEN));

          assertThat(anonymous.code()).isEqualTo(401);
          assertThat(acked.code()).isEqualTo(202);
          assertThat(resolved.code()).isEqualTo(409);
          assertThat(nobody.code()).isEqualTo(400);
          assertThat(commands.acks)
              .containsExactly(
                  new AckCommand(
                      eu.fingerprint(),
                      "orders_dropped",
                      new Ack("alice", "looking", NOW, NOW.plus(Duration.ofHours(2)))));
        });
  }

  @Test
  void shouldCreateListAndExpireSilencesThroughTheTopic() {
    JavalinTest.test(
        app(),
        (server, client) -> {
          Response created =
              client.post(
                  "/api/v1/silences",
                  "{\"matchers\":[\"region=\\\"eu\\\"\",\"alertname=~\\\"orders_.*\\\"\"],"
                      + "\"duration\":\"2h\",\"createdBy\":\"carol\",\"comment\":\"provider maintenance\"}",
                  r -> r.header("Authorization", "Bearer " + TOKEN));
          assertThat(created.code()).isEqualTo(201);
          String id = json(created).get("id").asText();

          JsonNode listed = json(client.get("/api/v1/silences"));
          Response deleted =
              client.delete(
                  "/api/v1/silences/" + id,
                  null,
                  r -> r.header("Authorization", "Bearer " + TOKEN));
          Response everything =
              client.post(
                  "/api/v1/silences",
                  "{\"matchers\":[\"region=~\\\".*\\\"\"],\"duration\":\"1h\",\"createdBy\":\"x\",\"comment\":\"y\"}",
                  r -> r.header("Authorization", "Bearer " + TOKEN));
          Response unauthorised = client.delete("/api/v1/silences/" + id);

          assertThat(listed.get("silences"))
              .extracting(s -> s.get("id").asText(), s -> s.get("status").asText())
              .containsExactly(org.assertj.core.groups.Tuple.tuple(id, "active"));
          assertThat(listed.get("silences").get(0).get("matchers"))
              .extracting(JsonNode::asText)
              .containsExactly("region=\"eu\"", "alertname=~\"orders_.*\"");
          assertThat(deleted.code()).isEqualTo(200);
          assertThat(json(deleted).get("status").asText()).isEqualTo("expired");
          assertThat(everything.code()).isEqualTo(400);
          assertThat(unauthorised.code()).isEqualTo(401);
          assertThat(commands.silences)
              .extracting(Silence::id, Silence::endsAt)
              .containsExactly(
                  org.assertj.core.groups.Tuple.tuple(id, NOW.plus(Duration.ofHours(2))),
                  org.assertj.core.groups.Tuple.tuple(id, NOW));
        });
  }

  @Test
  void shouldShowTheNewestNotificationLogEntriesOfAReceiver() {
    source.log.add(
        new NotificationLogEntry(
            NOW,
            "pager",
            "k1",
            "g",
            NotificationLogEntry.Outcome.DELIVERED,
            1,
            AlertStatus.FIRING,
            List.of("f1"),
            "HTTP 202"));
    source.log.add(
        new NotificationLogEntry(
            NOW,
            "hook",
            "k2",
            "g",
            NotificationLogEntry.Outcome.FAILED,
            3,
            AlertStatus.FIRING,
            List.of("f2"),
            "HTTP 500"));
    JavalinTest.test(
        app(),
        (server, client) -> {
          JsonNode pager = json(client.get("/api/v1/notifications?receiver=pager"));

          assertThat(pager.get("notifications"))
              .extracting(n -> n.get("idempotencyKey").asText(), n -> n.get("outcome").asText())
              .containsExactly(org.assertj.core.groups.Tuple.tuple("k1", "delivered"));
          assertThat(client.get("/api/v1/notifications?limit=0").code()).isEqualTo(400);
        });
  }
}
