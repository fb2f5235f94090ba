package com.opsmon.alerting.receivers;

import com.opsmon.model.alerts.Notification;

/**
 * Delivers a notification in one wire format. One call is one attempt: the delivery queue decides
 * whether and when to try again. Implementations never log secrets; they are known by {@link
 * #name()}.
 */
public interface Receiver extends AutoCloseable {
  String name();

  /**
   * One attempt.
   *
   * @return delivered, refused for good, or worth another try
   * @throws Exception when the attempt could not be made (no connection, timeout): tried again
   */
  Result deliver(Notification notification) throws Exception;

  @Override
  default void close() {}

  /** How an attempt ended. */
  record Result(Kind kind, String detail) {
    /** Whether the notification is done with. */
    public enum Kind {
      DELIVERED,
      REJECTED,
      RETRY
    }

    public static Result delivered(String detail) {
      return new Result(Kind.DELIVERED, detail);
    }

    public static Result rejected(String detail) {
      return new Result(Kind.REJECTED, detail);
    }

    public static Result retry(String detail) {
      return new Result(Kind.RETRY, detail);
    }
  }
}
