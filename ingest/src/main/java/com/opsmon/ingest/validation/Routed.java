package com.opsmon.ingest.validation;

import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.events.EventCategory;

/** Where the validator sends one raw record: to its family's topic, or to the dead letters. */
sealed interface Routed {
  record ToTopic(EventCategory category, String key, String json) implements Routed {}

  record ToDeadLetters(String key, DeadLetter deadLetter) implements Routed {}
}
