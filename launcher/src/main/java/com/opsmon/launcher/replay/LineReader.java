package com.opsmon.launcher.replay;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines (ending at {@code \n}, a trailing {@code \r} dropped), whatever
 * their encoding, reading the stream a buffer at a time. Reading it a byte at a time took a fifth
 * of the CPU of {@code ./opsmon bench}'s HTTP ingest phase, on the same cores as the monitor it
 * fed.
 */
final class LineReader {
  private final InputStream in;
  private byte[] buffer = new byte[1 << 16];
  private int start;
  private int end;
  private boolean ended;

  LineReader(InputStream in) {
    this.in = in;
  }

  /** The next line without its line end, or null at the end of the stream. */
  byte[] next() throws IOException {
    int scanned = start;
    while (true) {
      for (int i = scanned; i < end; i++) {
        if (buffer[i] == '\n') {
          byte[] line = line(start, i);
          start = i + 1;
          return line;
        }
      }
      if (ended) {
        if (start == end) {
          return null;
        }
        byte[] last = line(start, end);
        start = end;
        return last;
      }
      scanned = end - start;
      fill();
    }
  }

  /** Moves the unread bytes to the buffer's front, grows it if a line fills it, and reads more. */
  private void fill() throws IOException {
    System.arraycopy(buffer, start, buffer, 0, end - start);
    end -= start;
    start = 0;
    if (end == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    }
    int read = in.read(buffer, end, buffer.length - end);
    if (read < 0) {
      ended = true;
    } else {
      end += read;
    }
  }

  private byte[] line(int from, int to) {
    int upTo = to > from && buffer[to - 1] == '\r' ? to - 1 : to;
    return Arrays.copyOfRange(buffer, from, upTo);
  }
}
