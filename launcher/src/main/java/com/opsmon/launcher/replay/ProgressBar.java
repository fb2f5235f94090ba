package com.opsmon.launcher.replay;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A one-line progress bar on a terminal (events, events/s, ETA), redrawn at most five times a
 * second; without a terminal, a plain line every five seconds.
 */
public final class ProgressBar implements Replayer.Progress {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean terminal;
  private final long started = System.nanoTime();
  private long lastDrawn;

  public ProgressBar(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void update(long sent, long bytesRead, long totalBytes) {
    long now = System.nanoTime();
    boolean done = bytesRead >= totalBytes;
    if (!done && now - lastDrawn < (terminal ? 200_000_000L : 5_000_000_000L)) {
      return;
    }
    lastDrawn = now;
    String line = line(sent, bytesRead, totalBytes, Duration.ofNanos(now - started));
    if (terminal) {
      out.print("\r" + line + (done ? System.lineSeparator() : ""));
    } else {
      out.println(line);
    }
    out.flush();
  }

  static String line(long sent, long bytesRead, long totalBytes, Duration elapsed) {
    double fraction = totalBytes == 0 ? 1 : Math.min(1, (double) bytesRead / totalBytes);
    int filled = (int) Math.round(fraction * WIDTH);
    double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
    double rate = sent / seconds;
    String eta =
        fraction <= 0
            ? "?"
            : formatDuration(
                Duration.ofMillis((long) (elapsed.toMillis() * (1 - fraction) / fraction)));
    return String.format(
        "[%s%s] %3.0f%%  %,d events  %,.0f events/s  ETA %s",
        "#".repeat(filled), ".".repeat(WIDTH - filled), fraction * 100, sent, rate, eta);
  }

  private static String formatDuration(Duration d) {
    long s = d.toSeconds();
    return s >= 3600
        ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
        : String.format("%dm%02ds", s / 60, s % 60);
  }
}
