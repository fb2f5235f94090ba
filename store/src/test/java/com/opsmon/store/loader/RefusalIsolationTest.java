package com.opsmon.store.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RefusalIsolationTest {
  /** A store that refuses any batch holding a negative number, and stores the rest. */
  private static final class PickyStore {
    final List<Integer> stored = new ArrayList<>();
    int writes;

    void write(List<Integer> batch) {
      writes++;
      if (batch.stream().anyMatch(n -> n < 0)) {
        throw new IllegalArgumentException("refused");
      }
      stored.addAll(batch);
    }
  }

  @Test
  void shouldStoreEveryGoodPointAndReturnOnlyTheRefusedOnes() {
    PickyStore store = new PickyStore();
    List<Integer> batch = new ArrayList<>(IntStream.range(0, 1000).boxed().toList());
    batch.set(17, -1);
    batch.set(900, -2);

    List<Integer> refused =
        RefusalIsolation.write(batch, store::write, e -> e instanceof IllegalArgumentException);

    assertThat(refused).containsExactly(-1, -2);
    assertThat(store.stored).hasSize(998).doesNotContain(-1, -2);
    // two bad points in a thousand: a few dozen writes, not a thousand
    assertThat(store.writes).isLessThan(50);
  }

  @Test
  void shouldWriteAGoodBatchOnceAndLetOtherFailuresThrough() {
    PickyStore store = new PickyStore();
    assertThat(RefusalIsolation.write(List.of(1, 2, 3), store::write, e -> true)).isEmpty();
    assertThat(store.writes).isEqualTo(1);

    assertThatThrownBy(
            () ->
                RefusalIsolation.write(
                    List.of(1, -1),
                    batch -> {
                      throw new IllegalStateException("store down");
                    },
                    e -> e instanceof IllegalArgumentException))
        .hasMessage("store down");
  }
}
