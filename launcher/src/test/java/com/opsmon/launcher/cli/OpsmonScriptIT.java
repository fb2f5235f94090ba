package com.opsmon.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./opsmon} script's class-data archive: the first {@code up} writes one as it exits, a
 * later run checks it and puts it in place, every run after that maps it, and neither a torn
 * archive (a JVM killed while writing it) nor one older than the jar ever reaches a JVM.
 *
 * <p>Runs the real script in a copy of the project's layout whose jar and lib/ are this build's, so
 * the script finds nothing to build.
 */
class OpsmonScriptIT {
  private static final Path SCRIPT = Path.of("..", "opsmon").toAbsolutePath().normalize();
  private static final Path BUILT = Path.of("target").toAbsolutePath();

  @TempDir Path root;
  private Path target;

  @BeforeEach
  void copyTheLayout() throws IOException {
    target = Files.createDirectories(root.resolve("launcher/target"));
    Files.copy(SCRIPT, root.resolve("opsmon"));
    root.resolve("opsmon").toFile().setExecutable(true);
    Files.createSymbolicLink(
        target.resolve("opsmon-launcher.jar"), BUILT.resolve("opsmon-launcher.jar"));
    Files.createSymbolicLink(target.resolve("lib"), BUILT.resolve("lib"));
  }

  @Test
  void shouldWriteTheArchiveOnceThenMapIt() throws Exception {
    Run first = opsmon("", "up", "--help");
    assertThat(first.output()).contains("Start the monitor");
    assertThat(archives()).singleElement().asString().endsWith(".tmp");

    Run second = opsmon("-Xlog:class+load=info", "--version");

    assertThat(second.exit()).isZero();
    assertThat(archives()).containsExactly(target.resolve("opsmon-" + javaId() + ".jsa"));
    assertThat(second.output())
        .contains("com.opsmon.launcher.cli.OpsmonCli source: shared objects file (top)");
  }

  @Test
  void shouldThrowAwayATornArchiveRatherThanCrashTheJvm() throws Exception {
    Path torn = target.resolve("opsmon-" + javaId() + ".jsa." + deadPid() + ".tmp");
    Files.write(torn, new byte[64 * 1024]);

    Run run = opsmon("", "--version");

    assertThat(run.exit()).isZero();
    assertThat(run.output()).contains("opsmon ");
    assertThat(archives()).isEmpty();
  }

  @Test
  void shouldLeaveAnArchiveBeingWrittenAloneAndWriteNoSecond() throws Exception {
    Path beingWritten =
        target.resolve("opsmon-" + javaId() + ".jsa." + ProcessHandle.current().pid() + ".tmp");
    Files.write(beingWritten, new byte[64 * 1024]);

    Run run = opsmon("", "up", "--help");

    assertThat(run.exit()).isZero();
    assertThat(archives()).containsExactly(beingWritten);
  }

  @Test
  void shouldDropAnArchiveOlderThanTheJar() throws Exception {
    opsmon("", "up", "--help");
    opsmon("", "--version");
    Path archive = target.resolve("opsmon-" + javaId() + ".jsa");
    assertThat(archive).exists();
    Files.setLastModifiedTime(archive, FileTime.from(Instant.now().minusSeconds(3600)));

    Run run = opsmon("", "--version");

    assertThat(run.exit()).isZero();
    assertThat(archives()).isEmpty();
  }

  private List<Path> archives() throws IOException {
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(f -> f.getFileName().toString().contains(".jsa")).sorted().toList();
    }
  }

  /**
   * The name the script gives this JDK's archive in this tree: a checksum of what {@code java
   * -version} says and of the tree's path.
   */
  private String javaId() throws Exception {
    String id = "cksum <<<\"$(\"$JAVA_HOME/bin/java\" -version 2>&1) $0\"";
    return run(List.of("bash", "-c", id, root.toString()), "").output().strip().split(" ")[0];
  }

  private static long deadPid() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    return done.pid();
  }

  private Run opsmon(String javaOptions, String... args) throws Exception {
    List<String> command =
        Stream.concat(Stream.of("bash", root.resolve("opsmon").toString()), Stream.of(args))
            .toList();
    return run(command, "-Xmx256m " + javaOptions);
  }

  private static Run run(List<String> command, String javaOptions) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("OPSMON_JAVA_OPTS", javaOptions);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  private record Run(int exit, String output) {}
}
