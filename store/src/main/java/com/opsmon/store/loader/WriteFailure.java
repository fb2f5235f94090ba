package com.opsmon.store.loader;

import com.influxdb.exceptions.InfluxException;
import java.util.Set;

/** What a failed store write means for the points in it, decided from the failure alone. */
public enum WriteFailure {
  /** Unreachable, slow, overloaded (5xx, 408, 429): the same write may succeed later. */
  TRANSIENT,
  /** The store refused these points for good (400, 413, 422): retrying cannot help them. */
  REFUSED_POINTS,
  /**
   * The store refuses the monitor itself (401, 403, 404: a wrong token, a missing bucket or
   * database, a wrong URL): no write can succeed until a person fixes the settings.
   */
  MISCONFIGURED;

  private static final Set<Integer> REFUSED = Set.of(400, 413, 422);
  private static final Set<Integer> NOT_ALLOWED = Set.of(401, 403, 404);

  public static WriteFailure of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InfluxException influx) {
        int status = influx.status();
        if (REFUSED.contains(status)) {
          return REFUSED_POINTS;
        }
        if (NOT_ALLOWED.contains(status)) {
          return MISCONFIGURED;
        }
      }
    }
    return TRANSIENT;
  }

  /** What a person should check for a failure of this kind with the given HTTP status. */
  static String advice(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InfluxException influx) {
        return switch (influx.status()) {
          case 401 -> "the store refused the token (HTTP 401): check --influx-token";
          case 403 -> "the token may not write to the bucket (HTTP 403): check its permissions";
          case 404 ->
              "the store has no such bucket, organisation or endpoint (HTTP 404): check"
                  + " --influx-url, --influx-org and --influx-bucket";
          default -> "HTTP " + influx.status() + ": " + influx.getMessage();
        };
      }
    }
    return String.valueOf(failure.getMessage());
  }
}
