package com.opsmon.store.loader;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Writes a batch so that points the store refuses for good cost only themselves: a refused batch is
 * split in halves, and each half written again, down to the single points refused. A batch with one
 * bad point among n costs about 2·log2(n) extra writes; any other failure ends the write as it is,
 * for the caller to retry (rewrites replace, so points written twice are stored once).
 */
final class RefusalIsolation {
  private RefusalIsolation() {}

  /**
   * @return the points the store refused, in batch order; empty when all were stored
   */
  static <T> List<T> write(
      List<T> batch, Consumer<List<T>> write, Predicate<RuntimeException> refusedForGood) {
    List<T> refused = new ArrayList<>();
    writeOrSplit(batch, write, refusedForGood, refused);
    return refused;
  }

  private static <T> void writeOrSplit(
      List<T> batch,
      Consumer<List<T>> write,
      Predicate<RuntimeException> refusedForGood,
      List<T> refused) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      write.accept(batch);
    } catch (RuntimeException e) {
      if (!refusedForGood.test(e)) {
        throw e;
      }
      if (batch.size() == 1) {
        refused.add(batch.get(0));
        return;
      }
      int half = batch.size() / 2;
      writeOrSplit(batch.subList(0, half), write, refusedForGood, refused);
      writeOrSplit(batch.subList(half, batch.size()), write, refusedForGood, refused);
    }
  }
}
