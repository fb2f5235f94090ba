package com.opsmon.store;

import com.opsmon.embedded.EmbeddedQuestDb;
import com.opsmon.model.kpi.KpiPoint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against embedded QuestDB, written through influxdb-client-java. */
class QuestDbKpiStoreIT extends KpiStoreContract {
  @TempDir static Path dir;
  static EmbeddedQuestDb questDb;
  static StoreSettings settings;
  static KpiWriter writer;
  static KpiReader reader;

  @BeforeAll
  static void start() {
    questDb = EmbeddedQuestDb.start(dir);
    settings = StoreSettings.questDb(questDb.httpUrl(), questDb.jdbcUrl());
    KpiStores.prepare(settings);
    writer = KpiStores.writer(settings);
    reader = KpiStores.reader(settings);
  }

  @AfterAll
  static void stop() {
    writer.close();
    reader.close();
    questDb.close();
  }

  @Override
  void write(List<KpiPoint> points) {
    writer.write(points);
  }

  @Override
  KpiReader reader() {
    return reader;
  }
}
