package com.opsmon.detection.nab;

import java.util.List;

/**
 * One NAB application profile: how much a detected window earns, a missed window costs and a false
 * detection costs. The weights are NAB's {@code config/profiles.json} (numenta/NAB, v1.1).
 */
public record CostProfile(String name, double tpWeight, double fpWeight, double fnWeight) {
  public static final CostProfile STANDARD = new CostProfile("standard", 1.0, 0.11, 1.0);
  public static final CostProfile REWARD_LOW_FP =
      new CostProfile("reward_low_FP_rate", 1.0, 0.22, 1.0);
  public static final CostProfile REWARD_LOW_FN =
      new CostProfile("reward_low_FN_rate", 1.0, 0.11, 2.0);

  /** The three profiles NAB reports, standard first. */
  public static List<CostProfile> all() {
    return List.of(STANDARD, REWARD_LOW_FP, REWARD_LOW_FN);
  }
}
