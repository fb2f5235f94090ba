package com.opsmon.model.health;

/** The state of one running part of the monitor, as /health reports it. */
public record ComponentHealth(Status status, String detail) {
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
