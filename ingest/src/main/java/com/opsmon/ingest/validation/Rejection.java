package com.opsmon.ingest.validation;

import com.opsmon.model.deadletter.DeadLetterReason;

/** Thrown inside the validator when an event breaks a rule; never escapes it. */
final class Rejection extends Exception {
  final DeadLetterReason reason;

  Rejection(DeadLetterReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }
}
