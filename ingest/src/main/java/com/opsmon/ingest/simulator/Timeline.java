package com.opsmon.ingest.simulator;

import java.util.Arrays;

/**
 * The simulation's agenda: actions run in time order, ties in the order they were scheduled, so a
 * run replays identically however it is sliced into {@code advanceTo} calls. Time never goes back:
 * an action can only be scheduled at or after the current time.
 *
 * <p>A binary heap over three arrays rather than a queue of entry objects: at high rates millions
 * of steps wait (an order's delivery waits a day or two), and an object per step doubled what they
 * took.
 */
final class Timeline {
  private static final int INITIAL_CAPACITY = 1024;

  private long[] times = new long[INITIAL_CAPACITY];
  private long[] sequence = new long[INITIAL_CAPACITY];
  private Runnable[] actions = new Runnable[INITIAL_CAPACITY];
  private int size;
  private long scheduled;
  private long now;

  Timeline(long startMillis) {
    this.now = startMillis;
  }

  /** The time of the action running now, in epoch milliseconds. */
  long now() {
    return now;
  }

  void at(long epochMillis, Runnable action) {
    if (epochMillis < now) {
      throw new IllegalStateException("cannot schedule at " + epochMillis + ", before " + now);
    }
    if (size == times.length) {
      int capacity = size + (size >> 1);
      times = Arrays.copyOf(times, capacity);
      sequence = Arrays.copyOf(sequence, capacity);
      actions = Arrays.copyOf(actions, capacity);
    }
    siftUp(size++, epochMillis, scheduled++, action);
  }

  void after(long delayMillis, Runnable action) {
    at(now + Math.max(0, delayMillis), action);
  }

  boolean hasDueBefore(long limitMillis) {
    return size > 0 && times[0] < limitMillis;
  }

  void runNext() {
    long at = times[0];
    Runnable action = actions[0];
    size--;
    if (size > 0) {
      siftDown(0, times[size], sequence[size], actions[size]);
    }
    actions[size] = null;
    now = at;
    action.run();
  }

  private void siftUp(int slot, long time, long seq, Runnable action) {
    while (slot > 0) {
      int parent = (slot - 1) >>> 1;
      if (!before(time, seq, times[parent], sequence[parent])) {
        break;
      }
      move(parent, slot);
      slot = parent;
    }
    place(slot, time, seq, action);
  }

  private void siftDown(int slot, long time, long seq, Runnable action) {
    int half = size >>> 1;
    while (slot < half) {
      int child = 2 * slot + 1;
      int right = child + 1;
      if (right < size && before(times[right], sequence[right], times[child], sequence[child])) {
        child = right;
      }
      if (!before(times[child], sequence[child], time, seq)) {
        break;
      }
      move(child, slot);
      slot = child;
    }
    place(slot, time, seq, action);
  }

  private static boolean before(long time, long seq, long otherTime, long otherSeq) {
    return time < otherTime || (time == otherTime && seq < otherSeq);
  }

  private void move(int from, int to) {
    times[to] = times[from];
    sequence[to] = sequence[from];
    actions[to] = actions[from];
  }

  private void place(int slot, long time, long seq, Runnable action) {
    times[slot] = time;
    sequence[slot] = seq;
    actions[slot] = action;
  }
}
