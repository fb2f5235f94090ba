package com.opsmon.store.query;

import java.util.List;

/** A query that cannot run as given; each problem says what to change. */
public final class InvalidQueryException extends RuntimeException {
  private final List<String> problems;

  public InvalidQueryException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
