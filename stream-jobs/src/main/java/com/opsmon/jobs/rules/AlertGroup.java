package com.opsmon.jobs.rules;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The series of a {@code group_by} rule that are firing together as one alert: the first of them
 * (whose labels the alert carries) and every series that joined it. A plain object (Flink keeps it
 * as keyed state); the methods return new groups and leave this one as it was.
 */
public final class AlertGroup implements Serializable {
  /** The series that raised the alert. */
  public String leader;

  /** Event time the alert started firing. */
  public long firingSince;

  /** Every series of the group that is firing, the leader included. */
  public String[] members = new String[0];

  public AlertGroup() {}

  static AlertGroup ledBy(String series, long firingSince) {
    AlertGroup group = new AlertGroup();
    group.leader = series;
    group.firingSince = firingSince;
    group.members = new String[] {series};
    return group;
  }

  boolean has(String series) {
    return Arrays.asList(members).contains(series);
  }

  AlertGroup with(String series) {
    AlertGroup group = ledBy(leader, firingSince);
    group.members = Arrays.copyOf(members, members.length + 1);
    group.members[members.length] = series;
    return group;
  }

  /** The group without the series; its leader stays, so the alert keeps its labels. */
  AlertGroup without(String series) {
    AlertGroup group = ledBy(leader, firingSince);
    group.members = Arrays.stream(members).filter(m -> !m.equals(series)).toArray(String[]::new);
    return group;
  }

  boolean isEmpty() {
    return members.length == 0;
  }
}
