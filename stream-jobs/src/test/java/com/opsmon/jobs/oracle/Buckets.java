package com.opsmon.jobs.oracle;

import com.opsmon.model.kpi.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What one domain saw in each window of each series: an event at {@code t} counts in every window
 * size that holds {@code t}, for its own tags and for every total over the totalled tags. A bucket
 * exists once an event counted in it, so a count KPI reads 0 in a window where its series saw only
 * other events of the domain, as the catalog's jobs emit it.
 *
 * <p>Keys are {@link PointKey}s without a KPI name; {@link #point} names them.
 */
final class Buckets<B> {
  private final List<String> totalled;
  private final List<Duration> windows;
  private final Supplier<B> empty;
  private final Map<PointKey, B> buckets = new HashMap<>();

  /** The series keys each tag set counts in, own and totals: the same few, over and over. */
  private final Map<Map<String, String>, List<String>> seriesOf = new HashMap<>();

  /** The series keys of points: a bucket's series with a KPI's own tags. */
  private final Map<String, Map<Map<String, String>, String>> named = new HashMap<>();

  Buckets(List<String> totalled, List<Duration> windows, Supplier<B> empty) {
    this.totalled = totalled;
    this.windows = windows;
    this.empty = empty;
  }

  /** Applies {@code count} to every bucket an event with {@code tags} at {@code t} counts in. */
  void at(Map<String, String> tags, Instant t, Consumer<B> count) {
    List<String> series =
        seriesOf.computeIfAbsent(
            Map.copyOf(tags),
            k -> Cube.tagSets(k, totalled).stream().map(SeriesKey::encode).toList());
    for (String set : series) {
      for (Duration window : windows) {
        count.accept(
            buckets.computeIfAbsent(
                new PointKey("", set, window, Cube.windowStart(t, window)), k -> empty.get()));
      }
    }
  }

  void forEach(BiConsumer<PointKey, B> action) {
    buckets.forEach(action);
  }

  /** The point of {@code kpi} in the bucket's series and window, with tags of the KPI's own. */
  PointKey point(PointKey bucket, String kpi, Map<String, String> ownTags) {
    String series =
        named
            .computeIfAbsent(bucket.series(), s -> new HashMap<>())
            .computeIfAbsent(
                ownTags,
                own -> {
                  Map<String, String> tags = new TreeMap<>(SeriesKey.decode(bucket.series()));
                  tags.putAll(own);
                  return SeriesKey.encode(tags);
                });
    return new PointKey(kpi, series, bucket.window(), bucket.start());
  }

  /** A tag's value, {@code unknown} when the event does not carry it (as the catalog says). */
  static String tag(String value) {
    return value == null ? SeriesKey.UNKNOWN : value;
  }
}
