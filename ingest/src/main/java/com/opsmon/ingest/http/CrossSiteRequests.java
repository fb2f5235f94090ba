package com.opsmon.ingest.http;

import io.javalin.http.Context;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Tells apart a state-changing request that a browser sends on behalf of a page from another site
 * (cross-site request forgery: a page anyone on the ops room's network opens could post events or
 * replace the rules). Browsers say where a request comes from in {@code Sec-Fetch-Site} and {@code
 * Origin}; clients that are not browsers (curl, services, the replayer) send neither and pass.
 */
public final class CrossSiteRequests {
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private CrossSiteRequests() {}

  /** Whether the request changes state and comes from a page of another origin. */
  public static boolean refused(Context ctx) {
    return refused(
        ctx.method().name(), ctx.header("Sec-Fetch-Site"), ctx.header("Origin"), ctx.host());
  }

  static boolean refused(String method, String fetchSite, String origin, String host) {
    if (SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
      return false;
    }
    if (fetchSite != null) {
      // "none" is the user's own navigation; "same-site" is another origin of the site: refused
      return !(fetchSite.equals("same-origin") || fetchSite.equals("none"));
    }
    if (origin == null) {
      return false;
    }
    return host == null || !host.equalsIgnoreCase(authority(origin));
  }

  /** {@code host[:port]} of an origin; an opaque origin ("null") matches no host. */
  private static String authority(String origin) {
    try {
      String authority = URI.create(origin.trim()).getRawAuthority();
      return authority == null ? "" : authority;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** What the refused client is told. */
  public static final String REFUSAL =
      "cross-site requests that change state are refused: send it from the monitor's own pages"
          + " or from a client that is not a browser";
}
