package com.opsmon.detection;

import com.opsmon.detection.stats.SeasonalBaseline;
import java.io.Serializable;

public final class AnomalyDetector implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long DAY = 86_400_000L;
  static double P(String k, double d) { return Double.parseDouble(System.getProperty(k, "" + d)); }
  static final double LEVEL_RATE = P("levelRate", 0.1);
  static final double ERR_RATE = P("errRate", 0.002);
  static final double SHORT = P("short", 0.25);
  static final double LONG = P("long", 0.0005);
  static final double CLIP = P("clip", 4);
  static double ON = P("on", 0.3);
  static double OFF = P("off", 0.15);
  static int QUIET_POINTS = (int) P("quiet", 30);
  static boolean WEEKLY = P("weekly", 1) > 0;

  private final DetectorSettings settings;
  private long n;
  private long lastT;
  private double interval;
  private double level;
  private final SeasonalBaseline[] seasonal;
  private final double[] err = new double[3];
  private final double[] scale = new double[3];
  private final long[] errCount = new long[3];
  private double spreadMean;
  private double spread;

  private double shortMean;
  private double longMean;
  private double longVar;
  private long evidenceCount;
  private boolean inEpisode;
  private double episodePeak;
  private int quiet;

  public AnomalyDetector(DetectorSettings settings) {
    this.settings = settings;
    seasonal =
        new SeasonalBaseline[] {
          new SeasonalBaseline(DAY, 288, P("sLevel", 0.02), P("sMem", 3)),
          new SeasonalBaseline(7 * DAY, 7 * 96, P("sLevel", 0.02), P("wMem", 2))
        };
  }

  public Verdict update(long t, double x) {
    if (!Double.isFinite(x)) {
      return new Verdict(0, level, level, level);
    }
    n++;
    if (n == 1) {
      lastT = t;
      level = x;
      spreadMean = x;
      for (SeasonalBaseline s : seasonal) {
        s.expected(t, 0);
        s.learn(t, x, 0, 0);
      }
      return new Verdict(0, x, x, x);
    }
    long dt = t - lastT;
    lastT = t;
    if (dt > 0) {
      interval = interval == 0 ? dt : interval + 0.05 * (Math.min(dt, 10 * interval) - interval);
    }
    double as = Math.max(1.0 / n, 0.001);
    spreadMean += as * (x - spreadMean);
    spread += as * (Math.abs(x - spreadMean) - spread);
    double floor = Math.max(1e-3 * spread, 1e-9 * (Math.abs(x) + 1e-9));

    double[] expected = new double[3];
    boolean[] ready = new boolean[3];
    expected[0] = level;
    ready[0] = true;
    for (int k = 0; k < seasonal.length; k++) {
      expected[k + 1] = seasonal[k].expected(t, interval);
      ready[k + 1] = seasonal[k].knowsSeason();
    }
    int best = 0;
    for (int k = 1; k < 3; k++) {
      if (ready[k] && errCount[k] > 100 && (k != 2 || WEEKLY) && err[k] < err[best]) {
        best = k;
      }
    }
    double sigma = Math.max(scale[best], floor);
    double z = (x - expected[best]) / sigma;

    double e = Math.min(Math.abs(z), 20);
    shortMean += SHORT * (e - shortMean);
    double raw = 0;
    if (n > 100) {
      double sd = Math.sqrt(Math.max(longVar, 1e-4));
      double kk = (shortMean - longMean) / sd;
      raw = Math.min(1, logTail(kk) / Math.log(1e-10));
    }
    evidenceCount++;
    double al = Math.max(1.0 / evidenceCount, LONG);
    double dm = shortMean - longMean;
    longMean += al * dm;
    longVar = (1 - al) * (longVar + al * dm * dm);

    double score = raw;
    if (inEpisode) {
      if (raw > episodePeak + 0.2) {
        episodePeak = raw;
      } else {
        score = raw * 0.2;
        episodePeak = Math.max(episodePeak, raw);
      }
      quiet = raw < OFF ? quiet + 1 : 0;
      if (quiet >= QUIET_POINTS) {
        inEpisode = false;
      }
    } else if (raw >= ON) {
      inEpisode = true;
      episodePeak = raw;
      quiet = 0;
    }

    // learn
    for (int k = 0; k < 3; k++) {
      if (!ready[k]) {
        continue;
      }
      double s = Math.max(scale[k], floor);
      double r = Math.min(Math.abs(x - expected[k]), CLIP * s);
      double ae = Math.max(1.0 / (errCount[k] + 1), ERR_RATE);
      err[k] += ae * (r - err[k]);
      scale[k] = errCount[k] == 0 ? Math.abs(x - expected[k]) * 1.25 : scale[k] + ae * (1.25 * r - scale[k]);
      errCount[k]++;
    }
    level += LEVEL_RATE * clip(x - level, CLIP * Math.max(scale[0], floor));
    for (int k = 0; k < seasonal.length; k++) {
      seasonal[k].learn(t, x, interval, CLIP * Math.max(scale[k + 1], floor));
    }
    double half = settings.bandSigmas() * sigma;
    return new Verdict(score, expected[best], expected[best] - half, expected[best] + half);
  }

  private static double clip(double v, double limit) {
    return Math.max(-limit, Math.min(limit, v));
  }

  /** log of the upper-tail probability of a standard normal. */
  static double logTail(double k) {
    if (k < 0) {
      return Math.log(1 - 0.5 * erfc(-k / Math.sqrt(2)));
    }
    if (k < 5) {
      return Math.log(0.5 * erfc(k / Math.sqrt(2)));
    }
    return -k * k / 2 - Math.log(k * Math.sqrt(2 * Math.PI));
  }

  static double erfc(double x) {
    double t = 1 / (1 + 0.5 * Math.abs(x));
    double y =
        t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
            + t * (-0.18628288 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851973
            + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? y : 2 - y;
  }
}
