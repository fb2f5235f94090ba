package com.opsmon.jobs.sources;

import com.opsmon.model.deadletter.DeadLetter;

/** A record read from a topic: the typed event, or the dead letter explaining why it is not one. */
public record Decoded<T>(T event, DeadLetter failure) {
  public static <T> Decoded<T> of(T event) {
    return new Decoded<>(event, null);
  }

  public static <T> Decoded<T> failed(DeadLetter failure) {
    return new Decoded<>(null, failure);
  }

  public boolean ok() {
    return failure == null;
  }
}
