package com.opsmon.api.http;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The names the API answers to in the {@code Host} header, against DNS rebinding: a page on an
 * attacker's domain whose name is made to resolve to the monitor's address would otherwise read the
 * API from the user's browser as its own origin. IP addresses and {@code localhost} are always
 * answered (no page of another site can carry them as its origin); other names only when
 * configured.
 */
public final class AllowedHosts {
  /** Only IP addresses and {@code localhost}. */
  public static final AllowedHosts LOOPBACK = new AllowedHosts(Set.of());

  private final Set<String> names;

  private AllowedHosts(Set<String> names) {
    this.names = names;
  }

  /** IP addresses, {@code localhost}, and these names (case-insensitive, without a port). */
  public static AllowedHosts of(Collection<String> names) {
    return new AllowedHosts(
        names.stream()
            .map(String::strip)
            .filter(n -> !n.isEmpty())
            .map(n -> n.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet()));
  }

  /** Whether a request with this {@code Host} header (name and optional port) is answered. */
  public boolean allows(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return false;
    }
    String host = withoutPort(hostHeader.strip().toLowerCase(Locale.ROOT));
    return host.equals("localhost")
        || host.endsWith(".localhost")
        || isIpLiteral(host)
        || names.contains(host);
  }

  private static String withoutPort(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      if (end < 0) {
        return host;
      }
      String rest = host.substring(end + 1);
      return rest.isEmpty() || rest.matches(":\\d+") ? host.substring(0, end + 1) : host;
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  private static boolean isIpLiteral(String host) {
    if (host.startsWith("[") && host.endsWith("]")) {
      return host.substring(1, host.length() - 1).chars().allMatch(AllowedHosts::isIpv6Char);
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv6Char(int c) {
    return Character.digit(c, 16) >= 0 || c == ':' || c == '.';
  }

  /** What a refused client is told. */
  public static final String REFUSAL =
      "this monitor does not answer to that host name: use its address, or add the name to the"
          + " allowed hosts (--allowed-host / OPSMON_ALLOWED_HOSTS)";

  @Override
  public String toString() {
    return "IP addresses, localhost" + (names.isEmpty() ? "" : ", " + String.join(", ", names));
  }
}
