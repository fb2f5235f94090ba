package com.opsmon.alerting.routing;

import com.opsmon.alerting.config.Route;
import com.opsmon.model.alerts.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Finds the routes an alert goes to, as Alertmanager does: depth first, the deepest matching route
 * wins, and a matching route stops its later siblings unless it says {@code continue}. Each match
 * names the alert's group: the route and the values of its {@code group_by} labels.
 */
public final class Router {
  /** The group an alert joins on one route. */
  public record Destination(Route route, String groupKey, Map<String, String> groupLabels) {}

  private final Route root;

  public Router(Route root) {
    this.root = root;
  }

  public List<Destination> route(Map<String, String> labels) {
    List<Route> matched = match(root, labels);
    List<Destination> out = new ArrayList<>(matched.size());
    for (Route route : matched) {
      Map<String, String> groupLabels = groupLabels(route, labels);
      out.add(new Destination(route, groupKey(route, groupLabels), groupLabels));
    }
    return out;
  }

  /** The route with this id, if the tree has it. */
  public java.util.Optional<Route> byId(String id) {
    return find(root, id);
  }

  private static java.util.Optional<Route> find(Route route, String id) {
    if (route.id().equals(id)) {
      return java.util.Optional.of(route);
    }
    for (Route child : route.routes()) {
      if (id.startsWith(child.id())) {
        java.util.Optional<Route> found = find(child, id);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return java.util.Optional.empty();
  }

  private static List<Route> match(Route route, Map<String, String> labels) {
    if (!Matcher.all(route.matchers(), labels)) {
      return List.of();
    }
    List<Route> all = new ArrayList<>();
    for (Route child : route.routes()) {
      List<Route> matches = match(child, labels);
      all.addAll(matches);
      if (!matches.isEmpty() && !child.cont()) {
        break;
      }
    }
    if (all.isEmpty()) {
      all.add(route);
    }
    return all;
  }

  static Map<String, String> groupLabels(Route route, Map<String, String> labels) {
    Map<String, String> group = new TreeMap<>();
    if (route.groupsByAll()) {
      group.putAll(labels);
      return group;
    }
    for (String name : route.groupBy()) {
      String value = labels.get(name);
      if (value != null) {
        group.put(name, value);
      }
    }
    return group;
  }

  /** {@code <route id>:{a="1",b="2"}}: readable, and the same for the same group every time. */
  static String groupKey(Route route, Map<String, String> groupLabels) {
    return route.id()
        + ":{"
        + new TreeMap<>(groupLabels)
            .entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(","))
        + "}";
  }
}
