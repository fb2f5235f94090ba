package com.opsmon.alerting.config;

import com.opsmon.model.alerts.Matcher;
import java.time.Duration;
import java.util.List;

/**
 * A node of the routing tree, with what it inherited from its parents already filled in.
 *
 * @param id its place in the tree ({@code 0} is the root, {@code 0.2} its third child)
 * @param groupBy the labels alerts are grouped by; {@code ["..."]} groups by every label
 * @param cont keep looking at the next siblings after this route matched
 * @param muteTimeIntervals names of time intervals in which this route sends nothing
 */
public record Route(
    String id,
    List<Matcher> matchers,
    String receiver,
    List<String> groupBy,
    Duration groupWait,
    Duration groupInterval,
    Duration repeatInterval,
    boolean cont,
    List<String> muteTimeIntervals,
    List<Route> routes) {
  /** Groups by every label of the alert. */
  public static final String ALL_LABELS = "...";

  public Route {
    matchers = List.copyOf(matchers);
    groupBy = List.copyOf(groupBy);
    muteTimeIntervals = List.copyOf(muteTimeIntervals);
    routes = List.copyOf(routes);
  }

  public boolean groupsByAll() {
    return groupBy.contains(ALL_LABELS);
  }
}
