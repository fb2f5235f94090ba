package com.opsmon.store;

/** The store refused or could not answer a read or write. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
