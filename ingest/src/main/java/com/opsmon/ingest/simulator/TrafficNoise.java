package com.opsmon.ingest.simulator;

import java.util.Arrays;

/**
 * Slowly wandering noise on traffic, one series per region and channel, so no two days look alike:
 * the log of each multiplier is an AR(1) process re-drawn every five minutes, held within [0.6,
 * 1.6].
 */
final class TrafficNoise {
  static final long STEP_MS = 5 * 60_000L;
  private static final double PERSISTENCE = 0.9;
  private static final double SHOCK = 0.05;

  private final SimContext ctx;
  private final double[] logFactors;
  private final double[] factors;

  TrafficNoise(SimContext ctx) {
    this.ctx = ctx;
    int series = World.REGIONS.size() * World.CHANNELS.size();
    this.logFactors = new double[series];
    this.factors = new double[series];
    Arrays.fill(factors, 1.0);
  }

  void start() {
    ctx.timeline().after(STEP_MS, this::step);
  }

  double factor(World.Region region, World.Channel channel) {
    return factors[region.index() * World.CHANNELS.size() + channel.index()];
  }

  private void step() {
    for (int i = 0; i < logFactors.length; i++) {
      logFactors[i] = PERSISTENCE * logFactors[i] + SHOCK * ctx.dice().gaussian();
      factors[i] = Math.max(0.6, Math.min(1.6, StrictMath.exp(logFactors[i])));
    }
    ctx.timeline().after(STEP_MS, this::step);
  }
}
