package com.opsmon.store.query;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.opsmon.store.KpiReader;
import com.opsmon.store.KpiStores;
import com.opsmon.store.KpiWriter;
import com.opsmon.store.StoreSettings;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The ad-hoc query table on InfluxDB 2 (the cluster deployment's store) in a container: written
 * through {@code /api/v2/write} as production writes it, read with InfluxQL through the bucket's
 * DBRP mapping. Skipped where Docker is not available.
 */
class InfluxDb2AdHocQueryIT extends AdHocQueryContract {
  static final String IMAGE = "influxdb:2.7";
  GenericContainer<?> influx;
  KpiReader reader;

  @BeforeAll
  void start() {
    assumeTrue(
        DockerClientFactory.instance().isDockerAvailable(),
        "Docker is not available here, so InfluxDB 2 cannot run in a container; the same table"
            + " runs on InfluxDB 1.x (InfluxDbAdHocQueryIT) and QuestDB (QuestDbAdHocQueryIT)");
    String token = UUID.randomUUID().toString();
    influx =
        new GenericContainer<>(IMAGE)
            .withExposedPorts(8086)
            .withEnv("DOCKER_INFLUXDB_INIT_MODE", "setup")
            .withEnv("DOCKER_INFLUXDB_INIT_USERNAME", "opsmon")
            .withEnv("DOCKER_INFLUXDB_INIT_PASSWORD", UUID.randomUUID().toString())
            .withEnv("DOCKER_INFLUXDB_INIT_ORG", "opsmon")
            .withEnv("DOCKER_INFLUXDB_INIT_BUCKET", "opsmon")
            .withEnv("DOCKER_INFLUXDB_INIT_ADMIN_TOKEN", token)
            .waitingFor(Wait.forHttp("/ping").forStatusCode(204));
    influx.start();
    StoreSettings settings =
        StoreSettings.influxDb(
            "http://" + influx.getHost() + ":" + influx.getMappedPort(8086),
            token,
            "opsmon",
            "opsmon");
    try (KpiWriter writer = KpiStores.writer(settings)) {
      writer.write(POINTS);
    }
    reader = KpiStores.reader(settings);
    seeded();
  }

  @AfterAll
  void stop() {
    if (reader != null) {
      reader.close();
    }
    if (influx != null) {
      influx.stop();
    }
  }

  @Override
  KpiReader reader() {
    return reader;
  }
}
