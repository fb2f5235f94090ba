package com.opsmon.launcher.stack;

import java.util.List;

/**
 * Tells a failure to restore saved state (incompatible or unreadable checkpoint) from any other
 * reason a job may restart (a broker away, a task that threw once), from the failure's stack trace.
 */
final class RestoreFailures {
  /** What Flink says, at some depth of the cause chain, when saved state cannot be restored. */
  private static final List<String> MARKERS =
      List.of(
          "StateMigrationException",
          "Exception while creating StreamOperatorStateContext",
          "Could not restore keyed state backend",
          "Could not restore operator state backend",
          "Failed to rollback to checkpoint/savepoint",
          "Cannot map checkpoint/savepoint state",
          "Unexpected magic number",
          "InvalidClassException",
          "Could not load the checkpoint metadata",
          "Failed to load savepoint");

  private RestoreFailures() {}

  static boolean isRestoreFailure(String stackTrace) {
    return stackTrace != null && MARKERS.stream().anyMatch(stackTrace::contains);
  }
}
