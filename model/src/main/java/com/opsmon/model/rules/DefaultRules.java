package com.opsmon.model.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The rules the monitor starts with when none were published: {@code rules/default-rules.yaml}. */
public final class DefaultRules {
  public static final String RESOURCE = "/rules/default-rules.yaml";

  private DefaultRules() {}

  public static RuleSet load() {
    return RulesFile.parse(text(), RESOURCE);
  }

  /** The file as written, comments included: a start for a rules file of one's own. */
  public static String text() {
    try (InputStream in = DefaultRules.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
