package com.opsmon.ingest.simulator;

import java.util.Map;
import java.util.TreeMap;

/**
 * Identifiers of one run: a short tag derived from all the settings, then a counter. The same
 * settings give the same ids; a run started at another time (a restarted live feed with the same
 * seed) gets other ids, so the monitor's de-duplication does not drop its events as copies.
 */
final class Ids {
  private static final long SIX_BASE36_DIGITS = 2_176_782_336L;

  private final String tag;
  private long events;
  private long sessions;
  private long orders;
  private long tickets;

  Ids(SimulationSettings settings) {
    this.tag = tagOf(settings);
  }

  String event() {
    return "e-" + tag + "-" + Long.toString(events++, 36);
  }

  long nextSession() {
    return sessions++;
  }

  String session(long number) {
    return "s-" + tag + "-" + Long.toString(number, 36);
  }

  long nextOrder() {
    return orders++;
  }

  String order(long number) {
    return "o-" + tag + "-" + Long.toString(number, 36);
  }

  String ticket() {
    return "t-" + tag + "-" + Long.toString(tickets++, 36);
  }

  static String tagOf(SimulationSettings settings) {
    long h = mix(settings.seed());
    h = mix(h ^ settings.start().getEpochSecond());
    h = mix(h ^ settings.start().getNano());
    h = mix(h ^ Double.doubleToLongBits(settings.eventsPerSecond()));
    if (settings.skus() != SimulationSettings.STANDARD_SKUS) {
      // another catalogue sells other things: its orders must not share ids with the standard's
      h = mix(h ^ settings.skus());
    }
    for (Incident incident : settings.incidents()) {
      h = mix(h ^ incident.kind().hashCode());
      h = mix(h ^ incident.start().toEpochMilli());
      h = mix(h ^ incident.duration().toMillis());
      h = mix(h ^ Double.doubleToLongBits(incident.severity()));
      // sorted, because the scope's own iteration order changes from one JVM to the next
      for (Map.Entry<String, String> e : new TreeMap<>(incident.scope()).entrySet()) {
        h = mix(h ^ (31L * e.getKey().hashCode() + e.getValue().hashCode()));
      }
    }
    return Long.toString(Long.remainderUnsigned(h, SIX_BASE36_DIGITS) + SIX_BASE36_DIGITS, 36)
        .substring(1);
  }

  /** The SplitMix64 finaliser: spreads every input bit over the whole word. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
