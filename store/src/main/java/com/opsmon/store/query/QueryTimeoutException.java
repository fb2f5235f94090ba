package com.opsmon.store.query;

import java.time.Duration;

/** The store did not answer a query within its time limit; the query was abandoned. */
public final class QueryTimeoutException extends RuntimeException {
  public QueryTimeoutException(Duration limit, Throwable cause) {
    super("the query ran longer than " + limit.toSeconds() + " s and was stopped", cause);
  }
}
