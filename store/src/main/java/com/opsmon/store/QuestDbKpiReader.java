package com.opsmon.store;

import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.kpi.SeriesKey;
import com.opsmon.store.query.AdHocQuery;
import com.opsmon.store.query.QueryResult;
import com.opsmon.store.query.QueryRow;
import com.opsmon.store.query.QueryRows;
import com.opsmon.store.query.QueryTimeoutException;
import com.opsmon.store.query.QuestDbSqlTranslator;
import com.opsmon.store.query.SqlStatement;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads KPI points from QuestDB with SQL over its PostgreSQL wire endpoint. Tag filters become
 * column comparisons; a tag no point has ever carried matches nothing.
 */
final class QuestDbKpiReader implements KpiReader {
  /** Connections kept open: a dashboard's concurrent queries, without one login per query. */
  static final int POOL_SIZE = 8;

  private final Properties credentials = new Properties();
  private final HikariDataSource pool;

  /** With a user and password; QuestDB's built-in PostgreSQL user when they are null. */
  QuestDbKpiReader(String jdbcUrl, String user, String password) {
    credentials.setProperty("user", user == null ? "admin" : user);
    credentials.setProperty("password", password == null ? "quest" : password);
    HikariConfig config = new HikariConfig();
    config.setPoolName("questdb-reader");
    config.setJdbcUrl(jdbcUrl);
    config.setDataSourceProperties(credentials);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(0);
    // a store that is down fails a query (and /health) within this, not a client's whole timeout
    config.setConnectionTimeout(Duration.ofSeconds(2).toMillis());
    // a store that is down at start is reported by the queries and /health, not by a refusal
    // to start
    config.setInitializationFailTimeout(-1);
    this.pool = new HikariDataSource(config);
  }

  /**
   * Creates the KPI table, with de-duplicating upserts, if it does not exist, and gives it every
   * tag column it lacks.
   */
  static void prepare(StoreSettings settings) {
    try (QuestDbKpiReader reader =
            new QuestDbKpiReader(settings.jdbcUrl(), settings.user(), settings.password());
        Connection connection = reader.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(KpiSchema.QUESTDB_DDL);
      List<String> columns = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery("SELECT \"column\" FROM table_columns('kpi')")) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
      for (String alter : KpiSchema.questDbAddMissingColumns(columns)) {
        statement.execute(alter);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot create the KPI table in QuestDB: " + e.getMessage(), e);
    }
  }

  @Override
  public List<KpiPoint> read(KpiQuery query) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT CAST(timestamp AS LONG), window, series, value FROM kpi"
                + " WHERE kpi = ? AND window = ?"
                + " AND timestamp >= CAST(? AS TIMESTAMP) AND timestamp < CAST(? AS TIMESTAMP)");
    query.tags().keySet().forEach(tag -> sql.append(" AND \"").append(tag).append("\" = ?"));
    sql.append(" ORDER BY timestamp, series");

    try (Connection connection = connect();
        PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      int i = 1;
      statement.setString(i++, query.kpi());
      statement.setString(i++, query.window().toString());
      statement.setLong(i++, toMicros(query.from()));
      statement.setLong(i++, toMicros(query.to()));
      for (String value : query.tags().values()) {
        statement.setString(i++, value);
      }
      List<KpiPoint> points = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          Map<String, String> tags = SeriesKey.decode(rs.getString(3));
          points.add(
              new KpiPoint(
                  query.kpi(),
                  Instant.EPOCH.plus(rs.getLong(1), ChronoUnit.MICROS),
                  Duration.parse(rs.getString(2)),
                  tags,
                  rs.getDouble(4)));
        }
      }
      return points;
    } catch (SQLException e) {
      if (isUnknownTableOrColumn(e)) {
        return List.of();
      }
      throw new StoreException("QuestDB query failed: " + e.getMessage(), e);
    }
  }

  @Override
  public QueryResult query(AdHocQuery query) {
    SqlStatement statement = QuestDbSqlTranslator.translate(query);
    try (Connection connection = connect();
        PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
      prepared.setQueryTimeout((int) Math.max(1, query.timeout().toSeconds()));
      int i = 1;
      for (Object parameter : statement.parameters()) {
        if (parameter instanceof String text) {
          prepared.setString(i++, text);
        } else if (parameter instanceof Long number) {
          prepared.setLong(i++, number);
        } else {
          prepared.setDouble(i++, (Double) parameter);
        }
      }
      List<QueryRow> rows = new ArrayList<>();
      try (ResultSet rs = prepared.executeQuery()) {
        while (rs.next()) {
          row(query, rs).ifPresent(rows::add);
        }
      }
      return QueryRows.finish(query, rows);
    } catch (SQLException e) {
      if ("57014".equals(e.getSQLState()) || isTimeout(e)) {
        throw new QueryTimeoutException(query.timeout(), e);
      }
      if (isUnknownTableOrColumn(e)) {
        return new QueryResult(List.of(), false);
      }
      throw new StoreException("QuestDB query failed: " + e.getMessage(), e);
    }
  }

  /** One answer row; none for the empty group a query without groups gets over no points. */
  private static Optional<QueryRow> row(AdHocQuery query, ResultSet rs) throws SQLException {
    if (query.aggregate().isEmpty()) {
      return Optional.of(
          new QueryRow(
              Instant.EPOCH.plus(rs.getLong("t"), ChronoUnit.MICROS),
              SeriesKey.decode(rs.getString("series")),
              rs.getDouble("v")));
    }
    double value = rs.getDouble("v");
    if (rs.wasNull() || rs.getLong("n") == 0) {
      return Optional.empty();
    }
    Map<String, String> tags = new HashMap<>();
    for (String tag : query.groupBy()) {
      tags.put(tag, rs.getString(tag));
    }
    Instant time =
        query.interval().isPresent()
            ? Instant.EPOCH.plus(rs.getLong("bucket"), ChronoUnit.MICROS)
            : query.from();
    return Optional.of(new QueryRow(time, tags, value));
  }

  private static boolean isTimeout(SQLException e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return message.contains("timeout") || message.contains("cancel");
  }

  @Override
  public void ping() {
    try (Connection connection = connect()) {
      connection.createStatement().execute("SELECT 1");
    } catch (SQLException e) {
      throw new StoreException("QuestDB does not answer: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }

  private Connection connect() throws SQLException {
    return pool.getConnection();
  }

  private static long toMicros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private static boolean isUnknownTableOrColumn(SQLException e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return message.contains("invalid column") || message.contains("table does not exist");
  }
}
