package com.opsmon.jobs.care;

import static com.opsmon.jobs.TestEvents.opened;
import static com.opsmon.jobs.TestEvents.resolved;
import static com.opsmon.jobs.TestEvents.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.events.EventType;
import com.opsmon.model.events.TicketEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One ticket's life pushed through by hand, event time moved explicitly. */
class TrackTicketsTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final Duration ABANDON_AFTER = Duration.ofDays(3);
  private static final Duration REOPEN_WITHIN = Duration.ofDays(1);
  private static final String WEB_COMPLAINT_EU = "channel=web,kind=complaint,region=eu";

  private KeyedOneInputStreamOperatorTestHarness<String, TicketEvent, TicketFact> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new TrackTickets(ABANDON_AFTER, REOPEN_WITHIN, Duration.ofDays(30)),
            TicketEvent::ticketId,
            Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void send(TicketEvent event) throws Exception {
    harness.processElement(new StreamRecord<>(event, event.occurredAt().toEpochMilli()));
  }

  private void eventTimeReaches(Instant t) throws Exception {
    harness.processWatermark(t.toEpochMilli());
  }

  private static Instant at(Duration after) {
    return T0.plus(after);
  }

  /** Facts as "type series response resolution delta @ offset from T0". */
  private List<String> facts() {
    return harness.extractOutputStreamRecords().stream()
        .map(
            r -> {
              TicketFact f = (TicketFact) r.getValue();
              String type = f.event() == null ? "dropped" : f.event().type().wireName();
              return type
                  + " "
                  + f.series()
                  + " "
                  + f.responseSeconds()
                  + " "
                  + f.resolutionSeconds()
                  + " "
                  + f.openDelta()
                  + " @"
                  + Duration.ofMillis(r.getTimestamp() - T0.toEpochMilli());
            })
        .toList();
  }

  @Test
  void shouldMeasureResponseAndResolutionFromTheOpeningAndForgetTheTicketAfterTheReopenWindow()
      throws Exception {
    send(opened(T0, "k1", "complaint", "web", "eu"));
    send(step(EventType.TICKET_FIRST_RESPONSE, at(Duration.ofMinutes(30)), "k1", "eu"));
    send(resolved(at(Duration.ofHours(5)), "k1", "eu", 4));
    eventTimeReaches(at(Duration.ofHours(5)));

    assertThat(facts())
        .containsExactly(
            "ticket_opened " + WEB_COMPLAINT_EU + " -1 -1 1 @PT0S",
            "ticket_first_response " + WEB_COMPLAINT_EU + " 1800 -1 0 @PT30M",
            "ticket_resolved " + WEB_COMPLAINT_EU + " -1 18000 -1 @PT5H");
    assertThat(harness.numKeyedStateEntries())
        .as("a resolved ticket is remembered for a reopening")
        .isEqualTo(1);

    eventTimeReaches(at(Duration.ofHours(5)).plus(REOPEN_WITHIN));

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(facts()).hasSize(3);
  }

  @Test
  void shouldCountAReopeningInTheTicketsSeriesAndMeasureTheNextResolutionFromIt() throws Exception {
    send(opened(T0, "k1", "inquiry", "app", "us"));
    send(resolved(at(Duration.ofHours(1)), "k1", "us", 5));
    send(step(EventType.TICKET_REOPENED, at(Duration.ofHours(20)), "k1", "us"));
    send(resolved(at(Duration.ofHours(22)), "k1", "us", 2));
    eventTimeReaches(at(Duration.ofHours(22)));

    String series = "channel=app,kind=inquiry,region=us";
    assertThat(facts())
        .containsExactly(
            "ticket_opened " + series + " -1 -1 1 @PT0S",
            "ticket_resolved " + series + " -1 3600 -1 @PT1H",
            "ticket_reopened " + series + " -1 -1 1 @PT20H",
            "ticket_resolved " + series + " -1 7200 -1 @PT22H");

    eventTimeReaches(at(Duration.ofHours(22)).plus(REOPEN_WITHIN));
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void shouldApplyEventsInEventTimeOrderWhenTheResponseOvertookTheOpening() throws Exception {
    send(step(EventType.TICKET_FIRST_RESPONSE, at(Duration.ofMinutes(2)), "k1", "eu"));
    send(opened(T0, "k1", "complaint", "web", "eu"));
    assertThat(facts()).as("nothing before event time passes them").isEmpty();

    eventTimeReaches(at(Duration.ofMinutes(2)));

    assertThat(facts())
        .containsExactly(
            "ticket_opened " + WEB_COMPLAINT_EU + " -1 -1 1 @PT0S",
            "ticket_first_response " + WEB_COMPLAINT_EU + " 120 -1 0 @PT2M");
  }

  @Test
  void shouldApplyALateEventAtOnceKeepingItsOwnTime() throws Exception {
    send(opened(T0, "k1", "complaint", "web", "eu"));
    eventTimeReaches(at(Duration.ofHours(2)));

    send(resolved(at(Duration.ofHours(1)), "k1", "eu", 3));

    assertThat(facts())
        .containsExactly(
            "ticket_opened " + WEB_COMPLAINT_EU + " -1 -1 1 @PT0S",
            "ticket_resolved " + WEB_COMPLAINT_EU + " -1 3600 -1 @PT1H");
  }

  @Test
  void shouldDropAnAbandonedTicketFromTheOpenTicketsAndClearItsState() throws Exception {
    send(opened(T0, "k1", "complaint", "web", "eu"));
    send(step(EventType.TICKET_FIRST_RESPONSE, at(Duration.ofHours(1)), "k1", "eu"));
    eventTimeReaches(at(Duration.ofHours(1)).plus(ABANDON_AFTER).minusMillis(1));
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

    eventTimeReaches(at(Duration.ofHours(1)).plus(ABANDON_AFTER));

    assertThat(facts())
        .containsExactly(
            "ticket_opened " + WEB_COMPLAINT_EU + " -1 -1 1 @PT0S",
            "ticket_first_response " + WEB_COMPLAINT_EU + " 3600 -1 0 @PT1H",
            "dropped " + WEB_COMPLAINT_EU + " -1 -1 -1 @PT73H");
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void shouldNotDropOpenTicketsWhenTheInputEnds() throws Exception {
    send(opened(T0, "k1", "complaint", "web", "eu"));

    harness.processWatermark(Long.MAX_VALUE);

    assertThat(facts()).containsExactly("ticket_opened " + WEB_COMPLAINT_EU + " -1 -1 1 @PT0S");
  }

  @Test
  void shouldCountStepsOfATicketNeverSeenOpenUnderWhatTheyCarry() throws Exception {
    send(step(EventType.TICKET_FIRST_RESPONSE, T0, "old", "jp"));
    send(resolved(at(Duration.ofMinutes(1)), "old", "jp", 1));
    eventTimeReaches(at(Duration.ofMinutes(1)));

    assertThat(facts())
        .containsExactly("ticket_resolved channel=unknown,kind=unknown,region=jp -1 -1 0 @PT1M");
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void shouldIgnoreASecondOpeningAndMeasureOnlyTheFirstResponse() throws Exception {
    send(opened(T0, "k1", "complaint", "web", "eu"));
    send(opened(at(Duration.ofMinutes(1)), "k1", "inquiry", "app", "us"));
    send(step(EventType.TICKET_FIRST_RESPONSE, at(Duration.ofMinutes(2)), "k1", "eu"));
    send(step(EventType.TICKET_FIRST_RESPONSE, at(Duration.ofMinutes(3)), "k1", "eu"));
    eventTimeReaches(at(Duration.ofMinutes(3)));

    assertThat(facts())
        .containsExactly(
            "ticket_opened " + WEB_COMPLAINT_EU + " -1 -1 1 @PT0S",
            "ticket_first_response " + WEB_COMPLAINT_EU + " 120 -1 0 @PT2M");
  }
}
