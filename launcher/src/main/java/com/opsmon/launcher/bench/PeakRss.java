package com.opsmon.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The process's peak resident set size, from Linux's {@code /proc/self/status} ({@code VmHWM}),
 * which counts everything the JVM maps: heap, metaspace, threads, RocksDB and direct buffers.
 */
final class PeakRss {
  private static final Path STATUS = Path.of("/proc/self/status");

  private PeakRss() {}

  /** The peak in bytes since the process started; empty off Linux. */
  static OptionalLong bytes() {
    try {
      return parse(Files.readString(STATUS));
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  static OptionalLong parse(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmHWM:")) {
        String[] parts = line.substring("VmHWM:".length()).trim().split("\\s+");
        return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
      }
    }
    return OptionalLong.empty();
  }
}
