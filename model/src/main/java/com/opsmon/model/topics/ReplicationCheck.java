package com.opsmon.model.topics;

/**
 * Whether the configured replication suits the cluster it will live on. A setting the cluster
 * cannot hold is refused before anything is created; one that holds but loses data (or every write)
 * when one broker goes is a warning that says what to set instead.
 */
public final class ReplicationCheck {
  private ReplicationCheck() {}

  /** What to do at start-up, and the sentence to say (empty when all is well). */
  public record Verdict(Outcome outcome, String message) {
    static Verdict fine() {
      return new Verdict(Outcome.FINE, "");
    }
  }

  public enum Outcome {
    FINE,
    WARN,
    REFUSE
  }

  /** The verdict on {@code settings} for a cluster of {@code brokers} brokers. */
  public static Verdict check(int brokers, TopicSettings settings) {
    int rf = settings.replication();
    int minInsync = settings.minInsync();
    if (brokers < 1) {
      return new Verdict(Outcome.REFUSE, "the cluster reports no brokers");
    }
    if (rf > brokers) {
      return new Verdict(
          Outcome.REFUSE,
          "topics need replication "
              + rf
              + " but the cluster has "
              + brokers
              + " broker(s): lower --replication (OPSMON_REPLICATION) to at most "
              + brokers);
    }
    if (minInsync > rf) {
      return new Verdict(
          Outcome.REFUSE,
          "--min-insync "
              + minInsync
              + " is more than the "
              + rf
              + " replica(s) of each topic: every write would be refused; set --min-insync"
              + " (OPSMON_MIN_INSYNC) to at most "
              + rf);
    }
    int advisedRf = Math.max(rf, Math.min(3, brokers));
    int advisedMinInsync = Math.max(1, advisedRf - 1);
    String advice =
        "; set --replication "
            + advisedRf
            + " --min-insync "
            + advisedMinInsync
            + " (OPSMON_REPLICATION, OPSMON_MIN_INSYNC)";
    if (rf == 1 && brokers >= 2) {
      return new Verdict(
          Outcome.WARN,
          "topics have replication 1 on a "
              + brokers
              + "-broker cluster: losing the broker that holds a partition loses its records"
              + advice);
    }
    if (minInsync == 1 && advisedMinInsync > 1) {
      return new Verdict(
          Outcome.WARN,
          "--min-insync 1 on a "
              + brokers
              + "-broker cluster: a write is acknowledged once one broker has it, and losing"
              + " that broker loses it"
              + advice);
    }
    if (minInsync == rf && rf >= 2) {
      return new Verdict(
          Outcome.WARN,
          "--min-insync "
              + minInsync
              + " equals the replication: losing one broker stops every write to the topics"
              + advice);
    }
    return Verdict.fine();
  }
}
