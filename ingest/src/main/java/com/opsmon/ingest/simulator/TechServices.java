package com.opsmon.ingest.simulator;

import com.fasterxml.jackson.databind.node.DecimalNode;
import com.opsmon.model.events.EventType;
import java.math.BigDecimal;
import java.util.List;

/**
 * The technical services behind checkout. Each call site emits one sampled request as a {@code
 * service_call}: log-normal latency with a rare slow tail, a small baseline error rate, a timeout,
 * and the incidents' latency regressions and payment-provider outages.
 */
final class TechServices {
  static final Profile SEARCH = new Profile("search", "/search", 70, 0.6, 0.002);
  static final Profile CHECKOUT = new Profile("checkout", "/checkout", 140, 0.45, 0.003);
  static final Profile INVENTORY = new Profile("inventory-api", "/availability", 35, 0.5, 0.002);
  static final Profile PAYMENTS = new Profile("payments", "/authorize", 320, 0.5, 0.005);
  static final List<Profile> ALL = List.of(CHECKOUT, PAYMENTS, SEARCH, INVENTORY);

  static final double TIMEOUT_MS = 30_000;
  static final int DECLINED = 402;

  /** GC pauses, cold caches, retries: a few requests are several times slower. */
  private static final double SLOW_TAIL = 0.01;

  private static final int[] SERVER_ERRORS = {500, 502, 503, 504};
  private static final double[] SERVER_ERROR_WEIGHTS = Dice.cumulative(0.5, 0.2, 0.2, 0.1);

  private final SimContext ctx;

  TechServices(SimContext ctx) {
    this.ctx = ctx;
  }

  /** One request to the service, now, from the region; returns what it answered. */
  Outcome call(Profile profile, World.Region region) {
    return call(profile, region, 0, 0);
  }

  /** A card authorisation: declined now and then, failing with the provider during an outage. */
  Outcome authorizePayment(World.Region region) {
    double outage = ctx.incidents().outageFailureShare(region.code(), ctx.now());
    return call(PAYMENTS, region, outage, Behaviour.PAYMENT_DECLINE);
  }

  private Outcome call(
      Profile profile, World.Region region, double outageShare, double declineShare) {
    Dice dice = ctx.dice();
    long t = ctx.now();
    double latency = dice.logNormal(profile.medianMs(), profile.sigma());
    if (dice.chance(SLOW_TAIL)) {
      latency *= dice.between(3, 10);
    }
    latency *= ctx.incidents().latencyMultiplier(profile.service(), region.code(), t);
    int status;
    if (dice.chance(outageShare)) {
      status = SERVER_ERRORS[dice.pick(SERVER_ERROR_WEIGHTS)];
      if (status == 504) {
        latency = TIMEOUT_MS;
      }
    } else if (dice.chance(profile.errorRate())) {
      status = SERVER_ERRORS[dice.pick(SERVER_ERROR_WEIGHTS)];
    } else if (dice.chance(declineShare)) {
      status = DECLINED;
    } else {
      status = 200;
    }
    if (latency >= TIMEOUT_MS) {
      latency = TIMEOUT_MS;
      status = 504;
    }
    BigDecimal latencyMs = BigDecimal.valueOf(Math.max(1, Math.round(latency * 10)), 1);
    int statusCode = status;
    ctx.events()
        .emit(
            EventType.SERVICE_CALL,
            t,
            region,
            e -> {
              e.put("service", profile.service());
              e.put("endpoint", profile.endpoint());
              e.put("region", region.code());
              e.put("statusCode", statusCode);
              e.set("latencyMs", DecimalNode.valueOf(latencyMs));
            });
    return new Outcome(statusCode, latencyMs.doubleValue());
  }

  /**
   * A service and the endpoint its sampled calls hit.
   *
   * @param medianMs the typical latency; {@code sigma} is the spread of its log
   * @param errorRate the share of calls that fail with a 5xx on a good day
   */
  record Profile(
      String service, String endpoint, double medianMs, double sigma, double errorRate) {}

  record Outcome(int statusCode, double latencyMs) {
    boolean ok() {
      return statusCode < 300;
    }
  }
}
