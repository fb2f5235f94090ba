package com.opsmon.store;

/** Opens the store's reader and writer for the configured backend. */
public final class KpiStores {
  private KpiStores() {}

  /** Makes the store ready for writes: creates QuestDB's KPI table; InfluxDB needs nothing. */
  public static void prepare(StoreSettings settings) {
    if (settings.kind() == StoreSettings.Kind.QUESTDB) {
      QuestDbKpiReader.prepare(settings);
    }
  }

  public static KpiReader reader(StoreSettings settings) {
    return switch (settings.kind()) {
      case QUESTDB ->
          new QuestDbKpiReader(settings.jdbcUrl(), settings.user(), settings.password());
      case INFLUXDB -> new InfluxQlKpiReader(settings);
    };
  }

  public static KpiWriter writer(StoreSettings settings) {
    return new KpiWriter(settings);
  }
}
