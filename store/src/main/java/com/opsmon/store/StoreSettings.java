package com.opsmon.store;

import com.opsmon.model.config.Flags;
import com.opsmon.model.secrets.Redaction;
import java.io.Serializable;
import java.util.Locale;

/**
 * Where KPI points are written and read. Both backends take InfluxDB line protocol on {@code
 * /api/v2/write} at {@code url}; QuestDB is read over its PostgreSQL wire endpoint ({@code
 * jdbcUrl}), InfluxDB with InfluxQL on the same {@code url}. A QuestDB with {@code user} and {@code
 * password} is sent them on both ports (HTTP basic authentication, the PostgreSQL user); without,
 * QuestDB's default PostgreSQL user is used and HTTP is sent no credentials.
 */
public record StoreSettings(
    Kind kind,
    String url,
    String token,
    String org,
    String bucket,
    String jdbcUrl,
    String user,
    String password)
    implements Serializable {

  public enum Kind {
    QUESTDB,
    INFLUXDB;

    public static Kind parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown store '" + text + "' (questdb or influxdb)");
      }
    }
  }

  public StoreSettings {
    if (kind == Kind.QUESTDB && jdbcUrl == null) {
      throw new IllegalArgumentException("QuestDB needs the JDBC URL of its PostgreSQL endpoint");
    }
    if (kind == Kind.INFLUXDB && (token == null || org == null || bucket == null)) {
      throw new IllegalArgumentException(
          "InfluxDB needs --influx-token, --influx-org and --influx-bucket");
    }
  }

  /**
   * Reads {@code --store influxdb --influx-url --influx-token --influx-org --influx-bucket}, or
   * {@code --store questdb --questdb-url --questdb-jdbc-url} (flags or OPSMON_* variables).
   */
  public static StoreSettings fromFlags(Flags flags, Kind defaultKind) {
    Kind kind = Kind.parse(flags.get("store", defaultKind.name()));
    return kind == Kind.INFLUXDB
        ? influxDb(
            flags.require("influx-url"),
            flags.require("influx-token"),
            flags.require("influx-org"),
            flags.require("influx-bucket"))
        : questDb(flags.require("questdb-url"), flags.require("questdb-jdbc-url"));
  }

  public static StoreSettings questDb(String httpUrl, String jdbcUrl) {
    return new StoreSettings(Kind.QUESTDB, httpUrl, null, "opsmon", "opsmon", jdbcUrl, null, null);
  }

  /** A QuestDB that asks for this user and password on its HTTP and PostgreSQL ports. */
  public static StoreSettings questDb(
      String httpUrl, String jdbcUrl, String user, String password) {
    return new StoreSettings(
        Kind.QUESTDB, httpUrl, null, "opsmon", "opsmon", jdbcUrl, user, password);
  }

  public static StoreSettings influxDb(String url, String token, String org, String bucket) {
    return new StoreSettings(Kind.INFLUXDB, url, token, org, bucket, null, null, null);
  }

  /** Safe to log: no token, and the URLs cut to their host (they may carry a password). */
  @Override
  public String toString() {
    return Redaction.urls(
        "StoreSettings[" + kind + " " + url + (jdbcUrl == null ? "" : " " + jdbcUrl) + "]");
  }
}
