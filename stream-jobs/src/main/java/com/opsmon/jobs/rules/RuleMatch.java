package com.opsmon.jobs.rules;

import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.rules.Rule;
import java.util.Map;

/**
 * Which series a rule watches: each tag as its {@code where} says — a value, or {@code *} for every
 * value but the total; a totalled tag it leaves out reads the total ({@code all}), any other tag it
 * leaves out matches every value.
 */
final class RuleMatch {
  static final String EVERY = "*";

  private RuleMatch() {}

  static boolean matches(Rule rule, KpiDefinition kpi, Map<String, String> tags) {
    for (String tag : kpi.tags()) {
      String value = tags.get(tag);
      String wanted = rule.where().get(tag);
      if (wanted == null) {
        if (kpi.totalled().contains(tag) && !KpiDefinition.ALL.equals(value)) {
          return false;
        }
      } else if (wanted.equals(EVERY)) {
        if (KpiDefinition.ALL.equals(value)) {
          return false;
        }
      } else if (!wanted.equals(value)) {
        return false;
      }
    }
    return true;
  }
}
