package com.opsmon.ingest.simulator;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The simulation's agenda: actions run in time order, ties in the order they were scheduled, so a
 * run replays identically however it is sliced into {@code advanceTo} calls. Time never goes back:
 * an action can only be scheduled at or after the current time.
 */
final class Timeline {
  private record Entry(long at, long order, Runnable action) {}

  private final PriorityQueue<Entry> agenda =
      new PriorityQueue<>(Comparator.comparingLong(Entry::at).thenComparingLong(Entry::order));
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
    agenda.add(new Entry(epochMillis, scheduled++, action));
  }

  void after(long delayMillis, Runnable action) {
    at(now + Math.max(0, delayMillis), action);
  }

  boolean hasDueBefore(long limitMillis) {
    Entry next = agenda.peek();
    return next != null && next.at() < limitMillis;
  }

  void runNext() {
    Entry next = agenda.poll();
    now = next.at();
    next.action().run();
  }
}
