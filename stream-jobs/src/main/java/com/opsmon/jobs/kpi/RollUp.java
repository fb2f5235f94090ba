package com.opsmon.jobs.kpi;

import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.SeriesKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Sends each minute to every view it is part of: each window size, for its own series and for every
 * total over the totalled tags (the tag's value replaced by {@code all}).
 */
public final class RollUp<A> implements FlatMapFunction<Minute<A>, Routed<A>> {
  private final List<String> totalled;
  private final long[] windowsMs;
  private final PartialScope partialScope;

  public RollUp(List<String> totalled, List<Duration> windows) {
    this(totalled, windows, new PartialScope(Map.of()));
  }

  /** A partial minute goes only to the views that show partial points ({@code partialScope}). */
  public RollUp(List<String> totalled, List<Duration> windows, PartialScope partialScope) {
    this.totalled = List.copyOf(totalled);
    this.windowsMs = windows.stream().mapToLong(Duration::toMillis).distinct().toArray();
    this.partialScope = partialScope;
  }

  @Override
  public void flatMap(Minute<A> minute, Collector<Routed<A>> out) {
    String part = minute.origin() + "@" + minute.start();
    for (String tags : totals(SeriesKey.decode(minute.series()))) {
      for (long windowMs : windowsMs) {
        if (minute.partial() && !partialScope.covers(windowMs)) {
          continue;
        }
        long windowStart = minute.start() - Math.floorMod(minute.start(), windowMs);
        out.collect(
            new Routed<>(
                tags + "|" + windowMs + "|" + windowStart,
                tags,
                windowStart,
                windowMs,
                part,
                minute.totals(),
                minute.partial()));
      }
    }
  }

  /** The series itself and each of its totals: every subset of totalled tags set to all. */
  List<String> totals(Map<String, String> tags) {
    List<String> present = totalled.stream().filter(tags::containsKey).toList();
    List<String> series = new ArrayList<>();
    for (int mask = 0; mask < (1 << present.size()); mask++) {
      Map<String, String> total = new TreeMap<>(tags);
      for (int i = 0; i < present.size(); i++) {
        if ((mask & (1 << i)) != 0) {
          total.put(present.get(i), KpiDefinition.ALL);
        }
      }
      series.add(SeriesKey.encode(total));
    }
    return series;
  }
}
