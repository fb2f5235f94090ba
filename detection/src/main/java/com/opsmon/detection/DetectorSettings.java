package com.opsmon.detection;

import java.io.Serializable;

/** How the detector learns and reports; {@link #defaults()} is the one tested configuration. */
public record DetectorSettings(double bandSigmas) implements Serializable {
  public static DetectorSettings defaults() {
    return new DetectorSettings(3.0);
  }
}
