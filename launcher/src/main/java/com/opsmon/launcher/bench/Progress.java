package com.opsmon.launcher.bench;

/** Where the benchmark says what it is doing, a line per step. */
@FunctionalInterface
public interface Progress {
  void say(String format, Object... args);
}
