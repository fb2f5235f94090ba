package com.opsmon.api.responses;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryCsvTest {
  @Test
  void shouldQuoteOnlyFieldsThatNeedItDoublingTheirQuotes() {
    assertThat(QueryCsv.field("eu")).isEqualTo("eu");
    assertThat(QueryCsv.field("o'hare; zürich-東京")).isEqualTo("o'hare; zürich-東京");
    assertThat(QueryCsv.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(QueryCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(QueryCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
  }

  @Test
  void shouldWriteWholeNumbersWithoutAFraction() {
    assertThat(QueryCsv.number(12.0)).isEqualTo("12");
    assertThat(QueryCsv.number(-3.0)).isEqualTo("-3");
    assertThat(QueryCsv.number(12.5)).isEqualTo("12.5");
    assertThat(QueryCsv.number(1e20)).isEqualTo("1.0E20");
  }
}
