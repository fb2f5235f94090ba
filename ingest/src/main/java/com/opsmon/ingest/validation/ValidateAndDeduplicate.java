package com.opsmon.ingest.validation;

import com.opsmon.ingest.metrics.IngestMetrics;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.deadletter.DeadLetterReason;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates each raw record, drops an event whose {@code eventId} was already seen within the
 * de-duplication horizon (producers retry), and routes the rest. Nothing thrown here escapes: an
 * unexpected failure dead-letters the record instead of stopping the stream thread.
 */
final class ValidateAndDeduplicate extends ContextualProcessor<String, byte[], String, Routed> {
  static final String SOURCE = "validator";
  private static final Logger log = LoggerFactory.getLogger(ValidateAndDeduplicate.class);

  private final EventValidator validator;
  private final Duration dedupHorizon;
  private final IngestMetrics metrics;
  private WindowStore<String, Long> seen;

  ValidateAndDeduplicate(EventValidator validator, Duration dedupHorizon, IngestMetrics metrics) {
    this.validator = validator;
    this.dedupHorizon = dedupHorizon;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    super.init(context);
    seen = context.getStateStore(ValidatorTopology.SEEN_EVENT_IDS);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    Instant now = Instant.ofEpochMilli(context().currentSystemTimeMs());
    try {
      route(record, now);
    } catch (RuntimeException e) {
      log.error("validator failed on a record; dead-lettering it", e);
      metrics.rejected(DeadLetterReason.PROCESSING_ERROR);
      DeadLetter letter =
          DeadLetter.of(
              DeadLetterReason.PROCESSING_ERROR,
              String.valueOf(e),
              record.value(),
              SOURCE,
              now,
              null);
      context().forward(record.withValue(new Routed.ToDeadLetters(record.key(), letter)));
    }
  }

  private void route(Record<String, byte[]> record, Instant now) {
    Verdict verdict = validator.validate(record.value(), now);
    if (verdict instanceof Verdict.Invalid invalid) {
      metrics.rejected(invalid.reason());
      DeadLetter letter =
          DeadLetter.of(invalid.reason(), invalid.detail(), record.value(), SOURCE, now, null);
      context().forward(record.withValue(new Routed.ToDeadLetters(record.key(), letter)));
      return;
    }
    Verdict.Valid valid = (Verdict.Valid) verdict;
    long at = record.timestamp();
    if (alreadySeen(valid.eventId(), at)) {
      metrics.duplicate();
      return;
    }
    context()
        .forward(
            record
                .withKey(valid.key())
                .withValue(new Routed.ToTopic(valid.type().category(), valid.key(), valid.json())));
    // only now: an event dead-lettered on the way must pass when it is sent again
    seen.put(valid.eventId(), at, at);
    metrics.accepted(valid.type());
  }

  private boolean alreadySeen(String eventId, long at) {
    try (WindowStoreIterator<Long> earlier =
        seen.fetch(eventId, at - dedupHorizon.toMillis(), at + dedupHorizon.toMillis())) {
      return earlier.hasNext();
    }
  }
}
