package com.opsmon.model.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a token given directly ({@code --read-token}, {@code OPSMON_READ_TOKEN}) or in a file
 * ({@code --read-token-file}, {@code OPSMON_READ_TOKEN_FILE}, as container secrets are mounted),
 * once at start-up. A file's content is trimmed; a file that cannot be read or holds nothing stops
 * the start with the reason, rather than leaving the API open by surprise.
 */
public final class TokenSource {
  private TokenSource() {}

  /**
   * The token of option {@code --name}, from its value or from the file of {@code --name-file}.
   *
   * @throws IllegalArgumentException when both are given, or the file is unreadable or empty
   */
  public static Optional<String> resolve(String name, Optional<String> value, Optional<Path> file) {
    Optional<String> direct = value.map(String::strip).filter(v -> !v.isEmpty());
    if (file.isEmpty()) {
      return direct;
    }
    if (direct.isPresent()) {
      throw new IllegalArgumentException(
          "--" + name + " and --" + name + "-file are both given: give one of them");
    }
    Path path = file.get();
    String content;
    try {
      content = Files.readString(path, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--" + name + "-file " + path + " cannot be read (" + e.getClass().getSimpleName() + ")",
          e);
    }
    if (content.isEmpty()) {
      throw new IllegalArgumentException("--" + name + "-file " + path + " is empty");
    }
    return Optional.of(content);
  }
}
