package com.opsmon.jobs.oracle;

import com.opsmon.model.kpi.KpiDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference's way to find every place an event counts: each window size it falls into, for its
 * own tags and for every total (tags replaced by "all"). Written independently of the jobs' RollUp.
 */
final class Cube {
  private Cube() {}

  /**
   * Every tag set an event with {@code tags} counts in, when {@code totalled} tags are totalled.
   */
  static List<Map<String, String>> tagSets(Map<String, String> tags, List<String> totalled) {
    List<Map<String, String>> sets = new ArrayList<>();
    sets.add(new LinkedHashMap<>(tags));
    for (String tag : totalled) {
      List<Map<String, String>> more = new ArrayList<>();
      for (Map<String, String> set : sets) {
        Map<String, String> total = new LinkedHashMap<>(set);
        total.put(tag, KpiDefinition.ALL);
        more.add(total);
      }
      sets.addAll(more);
    }
    return sets;
  }

  static Instant windowStart(Instant t, Duration window) {
    long ms = window.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
  }
}
