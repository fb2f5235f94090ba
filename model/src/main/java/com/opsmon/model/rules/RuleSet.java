package com.opsmon.model.rules;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * The rules in force: a version (the text's digest) and the rules, in file order. The text they
 * were read from travels with them, so every service reads them with the same parser.
 */
public record RuleSet(String version, List<Rule> rules, String source) implements Serializable {
  public RuleSet {
    rules = List.copyOf(rules);
  }

  public Optional<Rule> find(String name) {
    return rules.stream().filter(r -> r.name().equals(name)).findFirst();
  }
}
