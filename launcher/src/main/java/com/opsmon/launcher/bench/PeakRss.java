package com.opsmon.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A process's peak resident set size, from Linux's {@code /proc/<pid>/status} ({@code VmHWM}),
 * which counts everything a JVM maps: heap, metaspace, threads, RocksDB and direct buffers.
 */
final class PeakRss {
  private PeakRss() {}

  /** The peak in bytes since process {@code pid} started; empty off Linux or once it has ended. */
  static OptionalLong of(long pid) {
    try {
      return parse(Files.readString(Path.of("/proc", String.valueOf(pid), "status")));
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
