package com.opsmon.detection.nab;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads NAB's {@code timestamp,value} files and writes its results files. */
public final class NabCsv {
  private NabCsv() {}

  /** One series as read: the timestamps exactly as written, as epoch millis, and the values. */
  public record Series(List<String> rawTimestamps, long[] epochMillis, double[] values) {
    public int size() {
      return values.length;
    }
  }

  /** Reads a {@code timestamp,value} file with a header row. */
  public static Series read(Path file) throws IOException {
    List<String> raw = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new IOException(file + ": empty file");
      }
      String line;
      int lineNumber = 1;
      while ((line = in.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        int comma = line.indexOf(',');
        if (comma < 0) {
          throw new IOException(file + ":" + lineNumber + ": expected timestamp,value");
        }
        raw.add(line.substring(0, comma).trim());
        try {
          values.add(Double.parseDouble(line.substring(comma + 1).trim()));
        } catch (NumberFormatException e) {
          throw new IOException(file + ":" + lineNumber + ": not a number", e);
        }
      }
    }
    long[] millis = new long[raw.size()];
    double[] v = new double[raw.size()];
    for (int i = 0; i < v.length; i++) {
      millis[i] = parseTimestamp(raw.get(i));
      v[i] = values.get(i);
    }
    return new Series(List.copyOf(raw), millis, v);
  }

  /**
   * Parses NAB's {@code yyyy-MM-dd HH:mm:ss[.SSSSSS]} (read as UTC) or an ISO-8601 instant or
   * offset date-time.
   */
  public static long parseTimestamp(String text) {
    String iso = text.trim().replace(' ', 'T');
    try {
      return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException notLocal) {
      try {
        return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
      } catch (DateTimeParseException notOffset) {
        return Instant.parse(iso).toEpochMilli();
      }
    }
  }

  /** A results file as read: each row's time, as epoch millis, and its anomaly score. */
  public record Results(long[] epochMillis, double[] scores) {}

  /**
   * Reads a results file in NAB's format: a header naming at least {@code timestamp} and {@code
   * anomaly_score}, in any position (NAB's own files add a column per profile).
   */
  public static Results readResults(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      throw new IOException(file + ": empty file");
    }
    List<String> header = List.of(lines.get(0).trim().split(","));
    int time = header.indexOf("timestamp");
    int score = header.indexOf("anomaly_score");
    if (time < 0 || score < 0) {
      throw new IOException(file + ": the header names no timestamp or no anomaly_score column");
    }
    long[] millis = new long[lines.size() - 1];
    double[] scores = new double[lines.size() - 1];
    int rows = 0;
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String[] cells = lines.get(i).split(",");
      try {
        millis[rows] = parseTimestamp(cells[time]);
        scores[rows] = Double.parseDouble(cells[score].trim());
      } catch (RuntimeException e) {
        throw new IOException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
      }
      rows++;
    }
    return new Results(Arrays.copyOf(millis, rows), Arrays.copyOf(scores, rows));
  }

  /** Writes NAB's results format: {@code timestamp,value,anomaly_score,label}. */
  public static void writeResults(Path file, Series series, double[] scores, int[] labels) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        out.write("timestamp,value,anomaly_score,label\n");
        for (int i = 0; i < series.size(); i++) {
          out.write(series.rawTimestamps().get(i));
          out.write(',');
          out.write(Double.toString(series.values()[i]));
          out.write(',');
          out.write(Double.toString(scores[i]));
          out.write(',');
          out.write(Integer.toString(labels[i]));
          out.write('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
