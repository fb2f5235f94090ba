package com.opsmon.store.query;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.opsmon.store.InfluxDbProcess;
import com.opsmon.store.KpiReader;
import com.opsmon.store.KpiSchema;
import com.opsmon.store.KpiStores;
import com.opsmon.store.StoreSettings;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ad-hoc query table on a real InfluxDB 1.x ({@code influxd}, Debian's package that {@code
 * .ci/run} installs), seeded through its native {@code /write} and read with InfluxQL through the
 * client's {@code InfluxQLQueryApi}.
 */
class InfluxDbAdHocQueryIT extends AdHocQueryContract {
  @TempDir static Path dir;
  InfluxDbProcess influx;
  KpiReader reader;

  @BeforeAll
  void start() throws Exception {
    assumeTrue(
        InfluxDbProcess.available(),
        "no InfluxDB server at "
            + InfluxDbProcess.INFLUXD
            + " (apt-get install influxdb; .ci/run does)");
    influx = InfluxDbProcess.start(dir);
    influx.createDatabase("opsmon");
    influx.writeV1(
        "opsmon",
        POINTS.stream()
            .map(p -> KpiSchema.toPoint(p, StoreSettings.Kind.INFLUXDB).toLineProtocol())
            .collect(Collectors.joining("\n")));
    reader = KpiStores.reader(StoreSettings.influxDb(influx.url(), "unused", "opsmon", "opsmon"));
    seeded();
  }

  @AfterAll
  void stop() {
    if (reader != null) {
      reader.close();
    }
    if (influx != null) {
      influx.close();
    }
  }

  @Override
  KpiReader reader() {
    return reader;
  }
}
