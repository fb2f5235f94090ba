package com.opsmon.detection.bench;

import com.opsmon.detection.AnomalyDetector;
import com.opsmon.detection.Verdict;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Points per second of the detector alone, on one core: a 5-minute series with a daily wave, weekly
 * shape, noise and occasional spikes and shifts ({@code daily}), or pure Gaussian noise ({@code
 * noise}, the slowest case for the nearest-window search, where no remembered window is much closer
 * than the others), fed to a detector that has already seen weeks of it (so every baseline is
 * live). One operation is one point.
 *
 * <p>Run: see docs/DETECTION.md ("Throughput").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DetectorBenchmark {
  private static final int POINTS = 1 << 16;
  private static final long START = 1_704_067_200_000L; // 2024-01-01T00:00:00Z
  private static final long STEP = 300_000L;

  @Param({"daily", "noise"})
  public String shape;

  private final long[] times = new long[POINTS];
  private final double[] values = new double[POINTS];
  private AnomalyDetector detector;
  private long offset;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    for (int i = 0; i < POINTS; i++) {
      double day = Math.sin(2 * Math.PI * i / 288.0);
      double weekend = (i / 288) % 7 >= 5 ? -5 : 0;
      double spike = random.nextDouble() < 0.001 ? 30 : 0;
      double shift = (i / 10_000) % 2 == 0 ? 0 : 8;
      times[i] = START + i * STEP;
      values[i] =
          "noise".equals(shape)
              ? 100 + random.nextGaussian()
              : 100 + 10 * day + weekend + shift + spike + random.nextGaussian();
    }
    detector = new AnomalyDetector();
    for (int i = 0; i < POINTS; i++) {
      detector.update(times[i], values[i]);
    }
    offset = (long) POINTS * STEP;
  }

  @Benchmark
  @OperationsPerInvocation(POINTS)
  public void updatePoints(Blackhole sink) {
    for (int i = 0; i < POINTS; i++) {
      Verdict v = detector.update(offset + times[i], values[i]);
      sink.consume(v);
    }
    offset += (long) POINTS * STEP;
  }
}
