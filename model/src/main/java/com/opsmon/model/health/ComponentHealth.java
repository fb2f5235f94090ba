package com.opsmon.model.health;

import com.opsmon.model.secrets.Redaction;

/** The state of one running part of the monitor, as /health reports it. */
public record ComponentHealth(Status status, String detail) {
  /** Details quote failures, which may quote a URL with its token: only its host is kept. */
  public ComponentHealth {
    detail = Redaction.urls(detail);
  }

  public enum Status {
    UP,
    STARTING,
    DOWN
  }

  public static ComponentHealth up(String detail) {
    return new ComponentHealth(Status.UP, detail);
  }

  public static ComponentHealth starting(String detail) {
    return new ComponentHealth(Status.STARTING, detail);
  }

  public static ComponentHealth down(String detail) {
    return new ComponentHealth(Status.DOWN, detail);
  }
}
