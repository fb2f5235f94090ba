package com.opsmon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.opsmon.alerting.AlertingService;
import com.opsmon.api.ApiService;
import com.opsmon.ingest.IngestService;
import com.opsmon.jobs.StreamJobsConfig;
import com.opsmon.model.config.Flags;
import com.opsmon.store.StoreSettings;
import com.opsmon.store.loader.StoreLoaderConfig;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster deployment (docker-compose.yml) checked against the code without Docker: every
 * service runs a class that exists, with flags and variables its configuration accepts, and no
 * secret is written into the file. Where Docker's compose tool exists, it validates the file too.
 */
class DeploymentDescriptorTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?[-?][^}]*)?}");
  private static JsonNode services;
  private static Map<String, String> exampleEnv;

  @BeforeAll
  static void read() throws IOException {
    exampleEnv = new HashMap<>();
    for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        exampleEnv.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    String interpolated = interpolate(Files.readString(ROOT.resolve("docker-compose.yml")));
    // SnakeYAML resolves the anchors and merge keys (<<) that compose files use
    Object compose = new org.yaml.snakeyaml.Yaml().load(interpolated);
    services = new ObjectMapper().valueToTree(compose).get("services");
  }

  private static String interpolate(String text) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = exampleEnv.getOrDefault(m.group(1), defaultOf(m.group(0)));
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String defaultOf(String reference) {
    int dash = reference.indexOf(":-");
    return dash < 0 ? "" : reference.substring(dash + 2, reference.length() - 1);
  }

  private static List<String> command(String service) {
    List<String> args = new ArrayList<>();
    services.get(service).get("command").forEach(a -> args.add(a.asText()));
    return args;
  }

  private static Map<String, String> environment(String service) {
    Map<String, String> env = new HashMap<>();
    JsonNode node = services.get(service).get("environment");
    if (node != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        // compose interpolates after parsing, so "${X:-}" is an empty string there, not null
        env.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
      }
    }
    return env;
  }

  /** The flags after the main class, read as the service itself reads them. */
  private static Flags flagsOf(String service, int skip) {
    List<String> args = command(service);
    return Flags.parse(
        args.subList(skip, args.size()).toArray(String[]::new), environment(service));
  }

  private static void assertRunnableMain(String className) throws Exception {
    Class<?> main = Class.forName(className);
    assertThat(Modifier.isStatic(main.getMethod("main", String[].class).getModifiers()))
        .as(className + ".main")
        .isTrue();
  }

  @Test
  void shouldRunExistingMainClassesWithFlagsTheirConfigurationAccepts() throws Exception {
    assertRunnableMain(command("ingest").get(0));
    assertRunnableMain(command("alerting").get(0));
    assertRunnableMain(command("api").get(0));
    assertRunnableMain(command("topics").get(0));
    List<String> job = command("jobmanager");
    assertThat(job.subList(0, 3))
        .containsExactly("standalone-job", "--job-classname", "com.opsmon.jobs.StreamJobs");
    assertRunnableMain(job.get(2));

    StreamJobsConfig jobs = StreamJobsConfig.fromFlags(flagsOf("jobmanager", 3));
    assertThat(jobs.bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(jobs.parallelism()).isEqualTo(3);
    IngestService.Config ingest = IngestService.Config.fromFlags(flagsOf("ingest", 1));
    assertThat(ingest.bootstrapServers()).isEqualTo("kafka:9092");
    // it listens on 0.0.0.0 in its container: it starts only because the example sets a token
    assertThat(ingest.http().bearerToken()).contains(exampleEnv.get("OPSMON_INGEST_TOKEN"));
    // one validator thread per partition, as many as the job's parallelism
    assertThat(ingest.validatorThreads()).isEqualTo(jobs.parallelism());
    assertThat(AlertingService.Config.fromFlags(flagsOf("alerting", 1)).bootstrapServers())
        .isEqualTo("kafka:9092");
    // the API service also loads the kpis topic into the store
    assertThat(
            StoreLoaderConfig.fromFlags(
                    flagsOf("api", 1),
                    StoreSettings.fromFlags(flagsOf("api", 1), StoreSettings.Kind.QUESTDB))
                .store())
        .isEqualTo(
            StoreSettings.influxDb(
                "http://influxdb:8086", exampleEnv.get("INFLUXDB_TOKEN"), "opsmon", "opsmon"));
    // it listens on 0.0.0.0 in its container: it starts only because the tokens are passed on
    ApiService.Listening api = ApiService.Listening.fromFlags(flagsOf("api", 1));
    assertThat(api.refusal()).isEmpty();
    assertThat(api.tokens().read()).contains(exampleEnv.get("OPSMON_READ_TOKEN"));
    assertThat(api.tokens().admin()).contains(exampleEnv.get("OPSMON_ADMIN_TOKEN"));
  }

  @Test
  void shouldKeepEverySecretInTheUsersEnvFile() throws IOException {
    String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
    Matcher secret =
        Pattern.compile("(?im)^\\s*[A-Z_]*(TOKEN|PASSWORD)[A-Z_]*:\\s*(\\S.*)$").matcher(compose);
    List<String> values = new ArrayList<>();
    while (secret.find()) {
      values.add(secret.group(2));
    }
    assertThat(values).isNotEmpty().allSatisfy(v -> assertThat(v).startsWith("${"));
    assertThat(Files.readString(ROOT.resolve(".gitignore"))).contains(".env");
  }

  @Test
  void shouldPublishPortsOnLoopbackOnly() {
    services
        .fields()
        .forEachRemaining(
            service -> {
              JsonNode ports = service.getValue().get("ports");
              if (ports != null) {
                ports.forEach(
                    p -> assertThat(p.asText()).as(service.getKey()).startsWith("127.0.0.1:"));
              }
            });
  }

  @Test
  void shouldPassDockerComposeValidation() throws Exception {
    Path dockerCompose = Path.of("/usr/bin/docker-compose");
    assumeTrue(
        Files.isExecutable(dockerCompose),
        "docker-compose is not installed (apt-get install docker-compose; .ci/run does)");
    Process process =
        new ProcessBuilder(dockerCompose.toString(), "--env-file", ".env.example", "config", "-q")
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
  }
}
