package com.opsmon.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens given directly or in files, as container secrets are mounted. */
class TokenSourceTest {
  @TempDir Path dir;

  @Test
  void shouldReadATokenFileTrimmingItsNewline() throws Exception {
    Path file = Files.writeString(dir.resolve("read-token"), "  s3cret-token\n");

    assertThat(TokenSource.resolve("read-token", Optional.empty(), Optional.of(file)))
        .contains("s3cret-token");
  }

  @Test
  void shouldTakeAValueGivenDirectlyAndTreatABlankOneAsNone() {
    assertThat(TokenSource.resolve("admin-token", Optional.of(" tok "), Optional.empty()))
        .contains("tok");
    assertThat(TokenSource.resolve("admin-token", Optional.of("  "), Optional.empty())).isEmpty();
    assertThat(TokenSource.resolve("admin-token", Optional.empty(), Optional.empty())).isEmpty();
  }

  @Test
  void shouldStopOnAnEmptyFile() throws Exception {
    Path file = Files.writeString(dir.resolve("empty"), " \n\n");

    assertThatThrownBy(
            () -> TokenSource.resolve("admin-token", Optional.empty(), Optional.of(file)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--admin-token-file " + file + " is empty");
  }

  @Test
  void shouldStopOnAFileThatCannotBeRead() {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(
            () -> TokenSource.resolve("ingest-token", Optional.empty(), Optional.of(missing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--ingest-token-file " + missing + " cannot be read (NoSuchFileException)");
    assertThatThrownBy(
            () -> TokenSource.resolve("ingest-token", Optional.empty(), Optional.of(dir)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--ingest-token-file " + dir + " cannot be read");
  }

  @Test
  void shouldStopWhenGivenBothAValueAndAFile() throws Exception {
    Path file = Files.writeString(dir.resolve("read-token"), "from-file");

    assertThatThrownBy(
            () -> TokenSource.resolve("read-token", Optional.of("direct"), Optional.of(file)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--read-token and --read-token-file are both given: give one of them");
  }
}
