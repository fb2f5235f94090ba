package com.opsmon.model.health;

/** Asks one component how it is; must answer quickly and never throw. */
@FunctionalInterface
public interface HealthCheck {
  ComponentHealth check();

  /** A check that reports DOWN with the failure instead of throwing. */
  static HealthCheck guarded(HealthCheck check) {
    return () -> {
      try {
        return check.check();
      } catch (RuntimeException e) {
        return ComponentHealth.down(
            e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      }
    };
  }
}
