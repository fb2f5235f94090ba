package com.opsmon.detection.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * NAB's labelled windows ({@code labels/combined_windows.json}): for each series, by its path
 * relative to the data directory, a list of {@code [start, end]} timestamps.
 */
public final class NabWindows {
  /** One window in time, both ends included. */
  public record TimeWindow(long startMillis, long endMillis) {}

  private final Map<String, List<TimeWindow>> bySeries;

  private NabWindows(Map<String, List<TimeWindow>> bySeries) {
    this.bySeries = bySeries;
  }

  public static NabWindows read(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    if (root == null || !root.isObject()) {
      throw new IOException(file + ": expected a JSON object of series → windows");
    }
    Map<String, List<TimeWindow>> bySeries = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      List<TimeWindow> windows = new ArrayList<>();
      for (JsonNode pair : entry.getValue()) {
        if (!pair.isArray() || pair.size() != 2) {
          throw new IOException(file + ": " + entry.getKey() + ": a window is [start, end]");
        }
        windows.add(
            new TimeWindow(
                NabCsv.parseTimestamp(pair.get(0).asText()),
                NabCsv.parseTimestamp(pair.get(1).asText())));
      }
      windows.sort(Comparator.comparingLong(TimeWindow::startMillis));
      bySeries.put(normalise(entry.getKey()), List.copyOf(windows));
    }
    return new NabWindows(bySeries);
  }

  /** The windows of a series, by its path relative to the data directory ({@code /}-separated). */
  public Optional<List<TimeWindow>> of(String relativePath) {
    return Optional.ofNullable(bySeries.get(normalise(relativePath)));
  }

  /**
   * The rows of each window: from the first row at or after its start to the last row at or before
   * its end (NAB's windows start and end on rows); windows that hold no row are dropped.
   */
  public static List<RowWindow> toRows(List<TimeWindow> windows, long[] epochMillis) {
    List<RowWindow> rows = new ArrayList<>();
    for (TimeWindow w : windows) {
      int first = -1;
      int last = -1;
      for (int i = 0; i < epochMillis.length; i++) {
        if (epochMillis[i] >= w.startMillis() && epochMillis[i] <= w.endMillis()) {
          if (first < 0) {
            first = i;
          }
          last = i;
        }
      }
      if (first >= 0) {
        rows.add(new RowWindow(first, last));
      }
    }
    return rows;
  }

  private static String normalise(String path) {
    return path.replace('\\', '/');
  }
}
