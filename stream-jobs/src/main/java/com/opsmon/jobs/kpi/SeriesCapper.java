package com.opsmon.jobs.kpi;

import com.opsmon.model.kpi.SeriesKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.java.tuple.Tuple2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The values of each tag one operator instance has let through, at most the tag's cap: later new
 * values fold into {@code other}, and the first fold of each tag is logged. Its memory is bounded
 * by the caps (and a cache of raw series, itself capped).
 */
final class SeriesCapper {
  private static final Logger log = LoggerFactory.getLogger(SeriesCapper.class);
  private static final int KNOWN_SERIES = 100_000;

  private final TagCaps caps;
  private final String name;
  private final Map<String, Set<String>> values = new HashMap<>();
  private final Map<String, String> known = new HashMap<>();
  private final Set<String> reported = new HashSet<>();

  /** Let through the {@code (tag, value)} pairs of {@link #values()} again, as after a restore. */
  SeriesCapper(TagCaps caps, String name, Iterable<Tuple2<String, String>> restored) {
    this.caps = caps;
    this.name = name;
    for (Tuple2<String, String> value : restored) {
      values.computeIfAbsent(value.f0, t -> new HashSet<>()).add(value.f1);
    }
  }

  /** {@code raw} with the values beyond their tag's cap replaced by {@code other}. */
  String cap(String raw) {
    String capped = known.get(raw);
    if (capped == null) {
      capped = fold(raw);
      if (known.size() < KNOWN_SERIES) {
        known.put(raw, capped);
      }
    }
    return capped;
  }

  private String fold(String raw) {
    Map<String, String> tags = SeriesKey.decode(raw);
    boolean changed = false;
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      Set<String> seen = values.computeIfAbsent(tag.getKey(), t -> new HashSet<>());
      // already folded by an earlier cap: it stays what it is and takes no place of a value
      if (seen.contains(tag.getValue()) || TagCaps.OTHER.equals(tag.getValue())) {
        continue;
      }
      if (seen.size() < caps.capOf(tag.getKey())) {
        seen.add(tag.getValue());
        continue;
      }
      if (reported.add(tag.getKey())) {
        log.warn(
            "{}: tag {} has more than {} values; further new values fold into '{}'",
            name,
            tag.getKey(),
            caps.capOf(tag.getKey()),
            TagCaps.OTHER);
      }
      tag.setValue(TagCaps.OTHER);
      changed = true;
    }
    return changed ? SeriesKey.encode(tags) : raw;
  }

  /** Every {@code (tag, value)} let through, to checkpoint. */
  List<Tuple2<String, String>> values() {
    List<Tuple2<String, String>> all = new ArrayList<>();
    values.forEach((tag, seen) -> seen.forEach(v -> all.add(Tuple2.of(tag, v))));
    return all;
  }
}
