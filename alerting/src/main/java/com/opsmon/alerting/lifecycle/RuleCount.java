package com.opsmon.alerting.lifecycle;

/**
 * A rule's alerts against its cap: tracked and unresolved ({@code active}), folded (remembered only
 * to be counted down), and dropped (over even the folded cap; counted, not remembered).
 */
public record RuleCount(int active, int folded, int dropped) {
  public static final RuleCount NONE = new RuleCount(0, 0, 0);

  public int overCap() {
    return folded + dropped;
  }
}
