package com.opsmon.alerting.lifecycle;

/** Names of the alerting app's state stores. */
public final class AlertingStores {
  private AlertingStores() {}

  /** Every alert of the rules this task owns, by fingerprint (changelogged). */
  public static final String ALERTS = "alerts-by-fingerprint";

  /** Per rule: alerts tracked, folded and dropped against the cap (changelogged). */
  public static final String RULE_COUNTS = "alert-counts-by-rule";

  /** Per group: its route, receiver, timing and what was last notified (changelogged). */
  public static final String GROUPS = "alert-groups";

  /** The alerts of each group, by group key and fingerprint (changelogged). */
  public static final String GROUP_MEMBERS = "alert-group-members";

  /** Notifications not yet delivered, in order per group (changelogged). */
  public static final String DELIVERIES = "pending-deliveries";

  /** Every silence, by id (a global store over the silences topic). */
  public static final String SILENCES = "silences";

  /** Every alert's state, by fingerprint (a global store over the alert-state topic). */
  public static final String ALERT_STATES = "alert-states";
}
