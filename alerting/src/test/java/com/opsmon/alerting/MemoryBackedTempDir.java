package com.opsmon.alerting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * A {@code @TempDir} in memory ({@code /dev/shm}) where the machine has one, else in the usual
 * place. For Kafka Streams test drivers: the driver commits after every record, and Streams writes
 * and fsyncs a checkpoint file at each commit, which on disk is most of such a test's time.
 */
public final class MemoryBackedTempDir implements TempDirFactory {
  private static final Path SHM = Path.of("/dev/shm");

  @Override
  public Path createTempDirectory(
      AnnotatedElementContext elementContext, ExtensionContext extensionContext)
      throws IOException {
    return Files.isDirectory(SHM) && Files.isWritable(SHM)
        ? Files.createTempDirectory(SHM, "junit")
        : Files.createTempDirectory("junit");
  }
}
