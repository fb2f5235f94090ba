package com.opsmon.model.rules;

import java.time.Instant;

/**
 * A version of the rules as published on the rules topic: the file's text (every reader parses it
 * with {@link RulesFile}), its version, and who published it when.
 */
public record PublishedRules(
    String version, Instant publishedAt, String publishedBy, String source) {
  public static PublishedRules of(RuleSet rules, Instant at, String by) {
    return new PublishedRules(rules.version(), at, by, rules.source());
  }

  /** The rules, read again from their text. */
  public RuleSet rules() {
    return RulesFile.parse(source, "rules " + version);
  }
}
