package com.opsmon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.opsmon.embedded.EmbeddedQuestDb;
import com.opsmon.model.kpi.KpiPoint;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

  /**
   * The table's structure is settled before the first point: line protocol never adds a column
   * mid-ingest (a kill inside such a change has left QuestDB tables unwritable), and preparing an
   * existing table again changes nothing.
   */
  @Test
  void shouldCreateEveryTagColumnUpFrontSoIngestNeverChangesTheTable() throws Exception {
    List<String> before = columns();
    KpiStores.prepare(settings);

    assertThat(before).containsAll(KpiSchema.TAG_COLUMNS);
    assertThat(columns()).isEqualTo(before);
    writer.write(
        List.of(
            new KpiPoint(
                "service_latency_p99",
                T0,
                MINUTE,
                Map.of("service", "checkout", "endpoint", "/pay", "region", "eu"),
                120)));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !reader
                    .read(new KpiQuery("service_latency_p99", T0, T0.plus(MINUTE), Map.of()))
                    .isEmpty());
    assertThat(columns()).isEqualTo(before);
  }

  /** A table made before the tag columns were created up front gets them at start-up. */
  @Test
  void shouldAddTheTagColumnsAnEarlierTableLacks(@TempDir Path olderDir) throws Exception {
    try (EmbeddedQuestDb older = EmbeddedQuestDb.start(olderDir);
        Connection connection = DriverManager.getConnection(older.jdbcUrl(), "admin", "quest")) {
      connection
          .createStatement()
          .execute(
              "CREATE TABLE kpi (kpi SYMBOL, window SYMBOL, series SYMBOL, value DOUBLE,"
                  + " timestamp TIMESTAMP, region SYMBOL) TIMESTAMP(timestamp) PARTITION BY DAY"
                  + " WAL DEDUP UPSERT KEYS(timestamp, kpi, window, series)");

      KpiStores.prepare(StoreSettings.questDb(older.httpUrl(), older.jdbcUrl()));

      // a WAL table applies a change in the background
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(columns(connection)).containsAll(KpiSchema.TAG_COLUMNS));
    }
  }

  private static List<String> columns() throws SQLException {
    try (Connection connection = connect()) {
      return columns(connection);
    }
  }

  private static List<String> columns(Connection connection) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet rs =
        connection.createStatement().executeQuery("SELECT \"column\" FROM table_columns('kpi')")) {
      while (rs.next()) {
        columns.add(rs.getString(1));
      }
    }
    return columns;
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(questDb.jdbcUrl(), "admin", "quest");
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
