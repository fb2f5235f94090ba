package com.opsmon.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.opsmon.api.overview.OverviewSettings;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.store.KpiSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana of the cluster deployment (grafana/ and its service in docker-compose.yml) checked
 * against the code without Grafana: the dashboard queries only KPIs, tags and windows the registry
 * defines and shows every headline of the ops-room page; the data source reaches the compose
 * InfluxDB with the bucket and token from .env; the service mounts its files read-only and writes
 * no secret into the compose file.
 */
class GrafanaProvisioningTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern CONDITION = Pattern.compile("\"(\\w+)\" = '([^']*)'");
  private static final Pattern FROM = Pattern.compile("FROM \"(\\w+)\"");

  private static JsonNode dashboard;
  private static JsonNode datasource;
  private static JsonNode dashboardProvider;
  private static JsonNode composeServices;

  /** What one dashboard query selects: a KPI's series at one window. */
  private record Selection(String kpi, Duration window, Map<String, String> tags) {}

  @BeforeAll
  static void read() throws IOException {
    ObjectMapper json = new ObjectMapper();
    dashboard = json.readTree(ROOT.resolve("grafana/dashboards/ops-room.json").toFile());
    datasource =
        yaml(ROOT.resolve("grafana/provisioning/datasources/influxdb.yaml"))
            .get("datasources")
            .get(0);
    dashboardProvider =
        yaml(ROOT.resolve("grafana/provisioning/dashboards/opsmon.yaml")).get("providers").get(0);
    // not interpolated: the service must pass references to .env, not values
    composeServices = yaml(ROOT.resolve("docker-compose.yml")).get("services");
  }

  private static JsonNode yaml(Path file) throws IOException {
    return new ObjectMapper().valueToTree(new Yaml().load(Files.readString(file)));
  }

  private static List<JsonNode> queries() {
    List<JsonNode> targets = new ArrayList<>();
    dashboard.get("panels").forEach(panel -> panel.path("targets").forEach(targets::add));
    return targets;
  }

  private static Selection selection(String query) {
    Matcher from = FROM.matcher(query);
    assertThat(from.find()).as(query).isTrue();
    assertThat(from.group(1)).as(query).isEqualTo(KpiSchema.MEASUREMENT);
    assertThat(query).as(query).contains("\"" + KpiSchema.VALUE + "\"");
    Map<String, String> conditions = new LinkedHashMap<>();
    Matcher m = CONDITION.matcher(query);
    while (m.find()) {
      assertThat(conditions.put(m.group(1), m.group(2))).as(query).isNull();
    }
    String kpi = conditions.remove(KpiSchema.KPI);
    String window = conditions.remove(KpiSchema.WINDOW);
    assertThat(kpi).as("the KPI of " + query).isNotNull();
    assertThat(window).as("the window of " + query).isNotNull();
    return new Selection(kpi, Duration.parse(window), conditions);
  }

  @Test
  void shouldQueryOnlyKpisTagsAndWindowsTheRegistryDefines() {
    assertThat(queries()).isNotEmpty();
    for (JsonNode target : queries()) {
      Selection s = selection(target.get("query").asText());
      KpiDefinition kpi = KpiCatalog.find(s.kpi()).orElse(null);
      assertThat(kpi).as("KPI '" + s.kpi() + "' in the registry").isNotNull();
      assertThat(kpi.windows()).as(s.kpi() + "'s windows").contains(s.window());
      // every tag given, so one query is one series and never a mix of totals and parts
      assertThat(s.tags().keySet()).as(s.kpi() + "'s tags").isEqualTo(Set.copyOf(kpi.tags()));
    }
  }

  @Test
  void shouldShowEveryHeadlineOfTheOpsRoomPageAtItsPrimaryWindow() {
    List<Selection> shown =
        queries().stream().map(t -> selection(t.get("query").asText())).toList();
    List<Selection> headlines =
        OverviewSettings.DEFAULTS.headlines().stream()
            .map(h -> new Selection(h.kpi(), h.definition().window(), h.tags()))
            .toList();
    assertThat(shown).containsExactlyInAnyOrderElementsOf(headlines);
  }

  @Test
  void shouldReadTheComposeInfluxDbWithBucketAndTokenFromTheEnvironment() {
    JsonNode api = composeServices.get("api").get("environment");
    assertThat(composeServices.has("influxdb")).isTrue();
    assertThat(datasource.get("type").asText()).isEqualTo("influxdb");
    // the URL the API reads the store at, inside the compose network
    assertThat(datasource.get("url").asText()).isEqualTo(api.get("OPSMON_INFLUX_URL").asText());
    assertThat(datasource.get("jsonData").get("version").asText()).isEqualTo("InfluxQL");
    assertThat(datasource.get("jsonData").get("dbName").asText()).isEqualTo("$INFLUXDB_BUCKET");
    assertThat(datasource.get("jsonData").get("httpHeaderName1").asText())
        .isEqualTo("Authorization");
    assertThat(datasource.get("secureJsonData").get("httpHeaderValue1").asText())
        .isEqualTo("Token $INFLUXDB_TOKEN");

    JsonNode grafana = composeServices.get("grafana").get("environment");
    // the same .env variables the InfluxDB service is set up from
    JsonNode influx = composeServices.get("influxdb").get("environment");
    assertThat(grafana.get("INFLUXDB_BUCKET").asText())
        .isEqualTo(influx.get("DOCKER_INFLUXDB_INIT_BUCKET").asText());
    assertThat(grafana.get("INFLUXDB_TOKEN").asText())
        .isEqualTo(influx.get("DOCKER_INFLUXDB_INIT_ADMIN_TOKEN").asText());

    dashboard
        .get("panels")
        .forEach(
            panel -> {
              if (panel.has("targets")) {
                assertThat(panel.get("datasource").get("uid").asText())
                    .as(panel.get("title").asText())
                    .isEqualTo(datasource.get("uid").asText());
              }
            });
  }

  @Test
  void shouldMountTheProvisioningAndDashboardsReadOnly() {
    List<String> volumes = new ArrayList<>();
    composeServices.get("grafana").get("volumes").forEach(v -> volumes.add(v.asText()));
    String dashboards = dashboardProvider.get("options").get("path").asText();
    assertThat(volumes)
        .containsExactlyInAnyOrder(
            "./grafana/provisioning:/etc/grafana/provisioning:ro",
            "./grafana/dashboards:" + dashboards + ":ro");
    assertThat(dashboardProvider.get("type").asText()).isEqualTo("file");
    assertThat(dashboardProvider.get("allowUiUpdates").asBoolean()).isFalse();
  }

  @Test
  void shouldTakeEverySecretFromEnvFileAndRefuseAnonymousUsers() throws IOException {
    JsonNode environment = composeServices.get("grafana").get("environment");
    assertThat(environment.get("GF_AUTH_ANONYMOUS_ENABLED").asText()).isEqualTo("false");
    List<String> secrets = new ArrayList<>();
    environment
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getKey().contains("PASSWORD") || e.getKey().contains("TOKEN")) {
                secrets.add(e.getValue().asText());
              }
            });
    // required: compose refuses to start Grafana with a default admin password
    assertThat(secrets)
        .containsExactlyInAnyOrder(
            "${GRAFANA_ADMIN_PASSWORD:?set GRAFANA_ADMIN_PASSWORD in .env}",
            "${INFLUXDB_TOKEN:?set INFLUXDB_TOKEN in .env}");
    assertThat(Files.readAllLines(ROOT.resolve(".env.example")))
        .anySatisfy(line -> assertThat(line).startsWith("GRAFANA_ADMIN_PASSWORD=change-me"));
  }
}
