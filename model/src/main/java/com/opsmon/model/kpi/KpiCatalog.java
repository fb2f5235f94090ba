package com.opsmon.model.kpi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every KPI the monitor computes; the jobs emit exactly these, the API serves exactly these. */
public final class KpiCatalog {
  public static final Duration MINUTE = Duration.ofMinutes(1);

  public static final KpiDefinition ORDERS =
      new KpiDefinition(
          "orders", "Orders created (order_created events)", "orders", MINUTE, List.of("region"));
  public static final KpiDefinition REVENUE =
      new KpiDefinition(
          "revenue",
          "Sum of created orders' amounts, per currency (major unit)",
          "currency",
          MINUTE,
          List.of("region", "currency"));

  private static final List<KpiDefinition> ALL = List.of(ORDERS, REVENUE);
  private static final Map<String, KpiDefinition> BY_NAME =
      ALL.stream().collect(Collectors.toUnmodifiableMap(KpiDefinition::name, Function.identity()));

  private KpiCatalog() {}

  public static List<KpiDefinition> all() {
    return ALL;
  }

  public static Optional<KpiDefinition> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }
}
