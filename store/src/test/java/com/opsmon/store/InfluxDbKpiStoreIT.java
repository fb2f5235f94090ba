package com.opsmon.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.opsmon.model.kpi.KpiPoint;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract against a real InfluxDB read with InfluxQL. Debian ships InfluxDB 1.6, which
 * predates {@code /api/v2/write}, so points go in through the 1.x write endpoint as the same line
 * protocol the writer sends; the v2 write path itself is exercised against QuestDB.
 */
class InfluxDbKpiStoreIT extends KpiStoreContract {
  @TempDir static Path dir;
  static InfluxDbProcess influx;
  static KpiReader reader;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        InfluxDbProcess.available(),
        "no InfluxDB server at "
            + InfluxDbProcess.INFLUXD
            + " (apt-get install influxdb; .ci/run does)");
    influx = InfluxDbProcess.start(dir);
    influx.createDatabase("opsmon");
    reader = KpiStores.reader(StoreSettings.influxDb(influx.url(), "unused", "opsmon", "opsmon"));
  }

  @AfterAll
  static void stop() {
    if (reader != null) {
      reader.close();
    }
    if (influx != null) {
      influx.close();
    }
  }

  @Override
  void write(List<KpiPoint> points) {
    String lines =
        points.stream()
            .map(p -> KpiSchema.toPoint(p, StoreSettings.Kind.INFLUXDB).toLineProtocol())
            .collect(Collectors.joining("\n"));
    try {
      influx.writeV1("opsmon", lines);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  KpiReader reader() {
    return reader;
  }
}
