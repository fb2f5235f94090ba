package com.opsmon.model.kpi;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The KPI catalogue as the Markdown of docs/KPIS.md: written from the registry, never by hand. */
public final class KpiDocs {
  public static final String BEGIN = "<!-- catalogue: generated from KpiCatalog, do not edit -->";
  public static final String END = "<!-- end of catalogue -->";

  private KpiDocs() {}

  public static String catalogue() {
    StringBuilder out = new StringBuilder(BEGIN).append("\n\n");
    out.append("| KPI | unit | tags (totalled) | windows | what it is | example |\n");
    out.append("|---|---|---|---|---|---|\n");
    for (KpiDefinition kpi : KpiCatalog.all()) {
      out.append("| `")
          .append(kpi.name())
          .append("` | ")
          .append(kpi.unit())
          .append(" | ")
          .append(tags(kpi))
          .append(" | ")
          .append(windows(kpi.windows()))
          .append(" | ")
          .append(kpi.description().replace("|", "\\|"))
          .append(" | ")
          .append(kpi.example().replace("|", "\\|"))
          .append(" |\n");
    }
    return out.append('\n').append(END).toString();
  }

  private static String tags(KpiDefinition kpi) {
    return kpi.tags().stream()
        .map(t -> kpi.totalled().contains(t) ? t + " (all)" : t)
        .collect(Collectors.joining(", "));
  }

  private static String windows(List<Duration> windows) {
    return windows.stream().map(KpiDocs::human).collect(Collectors.joining(", "));
  }

  private static String human(Duration d) {
    if (d.toDays() > 0 && d.toHours() % 24 == 0) {
      return d.toDays() + " d";
    }
    if (d.toHours() > 0 && d.toMinutes() % 60 == 0) {
      return d.toHours() + " h";
    }
    return d.toMinutes() + " min";
  }
}
