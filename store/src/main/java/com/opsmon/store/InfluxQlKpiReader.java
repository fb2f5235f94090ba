package com.opsmon.store;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.domain.InfluxQLQuery;
import com.influxdb.query.InfluxQLQueryResult;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.kpi.SeriesKey;
import com.opsmon.store.query.AdHocQuery;
import com.opsmon.store.query.InfluxQlTranslator;
import com.opsmon.store.query.QueryResult;
import com.opsmon.store.query.QueryRow;
import com.opsmon.store.query.QueryRows;
import com.opsmon.store.query.QueryTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;

/**
 * Reads KPI points from InfluxDB with InfluxQL ({@code /query}), which InfluxDB 1.x, 2.x (through
 * the bucket's DBRP mapping) and 3.x all answer.
 */
final class InfluxQlKpiReader implements KpiReader {
  private final StoreSettings settings;
  private final InfluxDBClient client;
  private final String database;

  /** Ad-hoc queries' clients, one per time limit (their HTTP read timeout). */
  private final Map<Duration, InfluxDBClient> queryClients = new ConcurrentHashMap<>();

  InfluxQlKpiReader(StoreSettings settings) {
    this.settings = settings;
    this.client = InfluxDBClientFactory.create(options(settings).build());
    this.database = settings.bucket();
  }

  private static InfluxDBClientOptions.Builder options(StoreSettings settings) {
    InfluxDBClientOptions.Builder options =
        InfluxDBClientOptions.builder()
            .url(settings.url())
            .org(settings.org())
            .bucket(settings.bucket());
    if (settings.token() != null && !settings.token().isEmpty()) {
      options.authenticateToken(settings.token().toCharArray());
    }
    return options;
  }

  @Override
  public QueryResult query(AdHocQuery query) {
    InfluxDBClient timed =
        queryClients.computeIfAbsent(
            query.timeout(),
            timeout ->
                InfluxDBClientFactory.create(
                    options(settings)
                        .okHttpClient(
                            new OkHttpClient.Builder()
                                .readTimeout(timeout)
                                .callTimeout(timeout.plusSeconds(1)))
                        .build()));
    InfluxQLQueryResult result;
    try {
      result =
          timed
              .getInfluxQLQueryApi()
              .query(
                  // JSON: tag values come back exactly; the CSV form splits them on commas
                  new InfluxQLQuery(
                          InfluxQlTranslator.translate(query),
                          database,
                          InfluxQLQuery.AcceptHeader.JSON)
                      .setPrecision(InfluxQLQuery.InfluxQLPrecision.MILLISECONDS));
    } catch (RuntimeException e) {
      if (causedByTimeout(e)) {
        throw new QueryTimeoutException(query.timeout(), e);
      }
      throw new StoreException("InfluxDB query failed: " + e.getMessage(), e);
    }
    List<QueryRow> rows = new ArrayList<>();
    if (result != null) {
      for (InfluxQLQueryResult.Result r : result.getResults()) {
        for (InfluxQLQueryResult.Series series : r.getSeries()) {
          Map<String, Integer> columns = series.getColumns();
          for (InfluxQLQueryResult.Series.Record record : series.getValues()) {
            rows.add(row(query, series, columns, record.getValues()));
          }
        }
      }
    }
    return QueryRows.finish(query, rows);
  }

  private static QueryRow row(
      AdHocQuery query,
      InfluxQLQueryResult.Series series,
      Map<String, Integer> columns,
      Object[] values) {
    Instant time = Instant.ofEpochMilli(Long.parseLong(values[columns.get("time")].toString()));
    if (query.aggregate().isEmpty()) {
      return new QueryRow(
          time,
          SeriesKey.decode(series.getTags().get(KpiSchema.SERIES)),
          Double.parseDouble(values[columns.get(KpiSchema.VALUE)].toString()));
    }
    Map<String, String> tags = new HashMap<>();
    for (String tag : query.groupBy()) {
      tags.put(tag, series.getTags().getOrDefault(tag, ""));
    }
    return new QueryRow(
        query.interval().isPresent() ? time : query.from(),
        tags,
        Double.parseDouble(values[columns.get("v")].toString()));
  }

  private static boolean causedByTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<KpiPoint> read(KpiQuery query) {
    InfluxQLQueryResult result;
    try {
      result =
          client
              .getInfluxQLQueryApi()
              .query(
                  new InfluxQLQuery(influxQl(query), database)
                      .setPrecision(InfluxQLQuery.InfluxQLPrecision.MILLISECONDS));
    } catch (RuntimeException e) {
      throw new StoreException("InfluxDB query failed: " + e.getMessage(), e);
    }
    List<KpiPoint> points = new ArrayList<>();
    if (result == null) {
      return points;
    }
    for (InfluxQLQueryResult.Result r : result.getResults()) {
      for (InfluxQLQueryResult.Series series : r.getSeries()) {
        Map<String, Integer> columns = series.getColumns();
        for (InfluxQLQueryResult.Series.Record record : series.getValues()) {
          Object[] values = record.getValues();
          points.add(
              new KpiPoint(
                  query.kpi(),
                  Instant.ofEpochMilli(Long.parseLong(values[columns.get("time")].toString())),
                  Duration.parse(values[columns.get(KpiSchema.WINDOW)].toString()),
                  SeriesKey.decode(String.valueOf(values[columns.get(KpiSchema.SERIES)])),
                  Double.parseDouble(values[columns.get(KpiSchema.VALUE)].toString())));
        }
      }
    }
    points.sort(Comparator.comparing(KpiPoint::windowStart).thenComparing(KpiPoint::series));
    return points;
  }

  /**
   * InfluxQL has no bind parameters: names are validated by {@link KpiQuery}, literals escaped
   * here.
   */
  static String influxQl(KpiQuery query) {
    StringBuilder q =
        new StringBuilder("SELECT \"value\", \"window\", \"series\" FROM \"kpi\" WHERE \"kpi\" = ")
            .append(literal(query.kpi()))
            .append(" AND \"window\" = ")
            .append(literal(query.window().toString()))
            .append(" AND time >= ")
            .append(query.from().toEpochMilli())
            .append("ms AND time < ")
            .append(query.to().toEpochMilli())
            .append("ms");
    query
        .tags()
        .forEach(
            (tag, value) -> q.append(" AND \"").append(tag).append("\" = ").append(literal(value)));
    return q.toString();
  }

  private static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  @Override
  public void ping() {
    Boolean ok;
    try {
      ok = client.ping();
    } catch (RuntimeException e) {
      throw new StoreException("InfluxDB does not answer: " + e.getMessage(), e);
    }
    if (!Boolean.TRUE.equals(ok)) {
      throw new StoreException("InfluxDB does not answer its ping", null);
    }
  }

  @Override
  public void close() {
    client.close();
    queryClients.values().forEach(InfluxDBClient::close);
  }
}
