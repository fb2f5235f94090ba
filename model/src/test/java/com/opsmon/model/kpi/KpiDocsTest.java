package com.opsmon.model.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/KPIS.md describes exactly the KPIs the registry defines. To update it after changing the
 * registry: {@code ./mvnw -q -pl model test -Dtest=KpiDocsTest -Dopsmon.writeDocs=true}.
 */
class KpiDocsTest {
  private static final Path DOC = Path.of("..", "docs", "KPIS.md");

  @Test
  void shouldDescribeEveryKpiOfTheRegistryInTheDocs() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int begin = doc.indexOf(KpiDocs.BEGIN);
    int end = doc.indexOf(KpiDocs.END) + KpiDocs.END.length();
    assertThat(begin).as("docs/KPIS.md holds the generated catalogue").isNotNegative();
    String current = doc.substring(begin, end);

    if (Boolean.getBoolean("opsmon.writeDocs")) {
      Files.writeString(
          DOC,
          doc.substring(0, begin) + KpiDocs.catalogue() + doc.substring(end),
          StandardCharsets.UTF_8);
      return;
    }
    assertThat(current)
        .as(
            "docs/KPIS.md is out of date: run ./mvnw -q -pl model test -Dtest=KpiDocsTest"
                + " -Dopsmon.writeDocs=true")
        .isEqualTo(KpiDocs.catalogue());
  }
}
