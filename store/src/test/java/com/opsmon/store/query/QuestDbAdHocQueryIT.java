package com.opsmon.store.query;

import com.opsmon.embedded.EmbeddedQuestDb;
import com.opsmon.store.KpiReader;
import com.opsmon.store.KpiStores;
import com.opsmon.store.KpiWriter;
import com.opsmon.store.StoreSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The ad-hoc query table on embedded QuestDB, written through the line-protocol writer. */
class QuestDbAdHocQueryIT extends AdHocQueryContract {
  @TempDir static Path dir;
  EmbeddedQuestDb questDb;
  KpiReader reader;

  @BeforeAll
  void start() {
    questDb = EmbeddedQuestDb.start(dir);
    StoreSettings settings = StoreSettings.questDb(questDb.httpUrl(), questDb.jdbcUrl());
    KpiStores.prepare(settings);
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
    if (questDb != null) {
      questDb.close();
    }
  }

  @Override
  KpiReader reader() {
    return reader;
  }
}
