package com.opsmon.api.security;

import com.opsmon.model.config.Loopback;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the API may listen where it is asked to. On a loopback address only this machine reaches
 * it, so tokens are optional. On any other address (or a wildcard such as {@code 0.0.0.0}) anyone
 * on the network could read the data and change the rules, so the start is refused until every
 * token the process checks is set, or the operator says with {@code --allow-unauthenticated} that
 * something in front (a proxy that authenticates, a private network) keeps strangers out.
 */
public final class Exposure {
  /** The option that overrides the refusal, by its command-line name. */
  public static final String OVERRIDE = "--allow-unauthenticated";

  private Exposure() {}

  /**
   * Why an API without the ingest endpoint must not listen on {@code bindHost}; empty if it may.
   */
  public static Optional<String> refusal(
      String bindHost, ApiTokens tokens, boolean allowUnauthenticated) {
    return refusal(bindHost, tokens, false, Optional.empty(), allowUnauthenticated);
  }

  /**
   * Why an API that also serves the ingest endpoint must not listen on {@code bindHost}; empty when
   * it may. Senders need a token too: a stranger's events would raise false alerts.
   */
  public static Optional<String> refusal(
      String bindHost,
      ApiTokens tokens,
      Optional<String> ingestToken,
      boolean allowUnauthenticated) {
    return refusal(bindHost, tokens, true, ingestToken, allowUnauthenticated);
  }

  private static Optional<String> refusal(
      String bindHost,
      ApiTokens tokens,
      boolean servesIngest,
      Optional<String> ingestToken,
      boolean allowUnauthenticated) {
    if (Loopback.isLoopback(bindHost) || allowUnauthenticated) {
      return Optional.empty();
    }
    List<String> missing = new ArrayList<>();
    if (tokens.read().isEmpty()) {
      missing.add("--read-token");
    }
    if (tokens.admin().isEmpty()) {
      missing.add("--admin-token");
    }
    if (servesIngest && ingestToken.filter(t -> !t.isBlank()).isEmpty()) {
      missing.add("--ingest-token");
    }
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "refusing to listen on "
            + bindHost
            + ", which is not a loopback address, without "
            + String.join(", ", missing)
            + ": anyone who can reach it could read the monitor's data and change its rules. Set"
            + " them (each also as --NAME-file, or OPSMON_READ_TOKEN, OPSMON_ADMIN_TOKEN,"
            + " OPSMON_INGEST_TOKEN and their _FILE variants), bind to 127.0.0.1, or pass "
            + OVERRIDE
            + " if something in front authenticates every request.");
  }
}
