package com.opsmon.model.config;

import java.util.Locale;

/** Whether an address a service is asked to listen on reaches only this machine. */
public final class Loopback {
  private Loopback() {}

  /**
   * Whether an address (an IP literal, possibly in brackets, or {@code localhost}) is loopback
   * only. Other names are not resolved here and count as reachable from the network.
   */
  public static boolean isLoopback(String host) {
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    String[] parts = h.split("\\.", -1);
    return parts.length == 4 && parts[0].equals("127") && isIpv4(parts);
  }

  private static boolean isIpv4(String[] parts) {
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
}
