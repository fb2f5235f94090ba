package com.opsmon.jobs.kpi;

import com.opsmon.model.kpi.KpiCatalog;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * How many distinct values each tag may take before further ones fold into {@code other}: what
 * keeps state, store series and alerts bounded when a producer floods the monitor with new label
 * values. Sized for a large retailer: few regions and channels, many SKUs.
 *
 * @param perTag caps of the named tags
 * @param otherwise the cap of any other tag
 */
public record TagCaps(Map<String, Integer> perTag, int otherwise) implements Serializable {
  public static final String OTHER = "other";

  public static final TagCaps DEFAULTS =
      new TagCaps(
          Map.of(
              KpiCatalog.REGION, 100,
              KpiCatalog.CHANNEL, 50,
              KpiCatalog.CURRENCY, 50,
              KpiCatalog.WAREHOUSE, 500,
              KpiCatalog.SERVICE, 200,
              KpiCatalog.ENDPOINT, 1_000,
              KpiCatalog.KIND, 50,
              KpiCatalog.SOURCE, 20,
              KpiCatalog.SKU, 200_000),
          1_000);

  public TagCaps {
    perTag = Map.copyOf(perTag);
  }

  public int capOf(String tag) {
    return perTag.getOrDefault(tag, otherwise);
  }

  /** These caps with {@code tag=n} pairs on top, as {@code --max-tag-values region=20,sku=5000}. */
  public TagCaps with(String pairs) {
    Map<String, Integer> caps = new HashMap<>(perTag);
    for (String pair : pairs.split(",")) {
      String[] kv = pair.trim().split("=");
      if (kv.length != 2) {
        throw new IllegalArgumentException("expected tag=count, got '" + pair + "'");
      }
      caps.put(kv[0].trim(), Integer.parseInt(kv[1].trim()));
    }
    return new TagCaps(caps, otherwise);
  }
}
