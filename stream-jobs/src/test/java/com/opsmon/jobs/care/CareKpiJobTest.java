package com.opsmon.jobs.care;

import static com.opsmon.jobs.TestEvents.opened;
import static com.opsmon.jobs.TestEvents.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.events.EventType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CareKpiJobTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final String SERIES = "channel=web,kind=complaint,region=eu";

  @Test
  void shouldCountAComplaintOnlyAtTheFactOfItsTicketsFirstOpening() {
    assertThat(
            CareKpiJob.opensComplaint(
                TicketFact.opened(SERIES, opened(T0, "k", "complaint", "web", "eu"))))
        .isTrue();
    // a reopening opens the ticket again but is no new complaint
    assertThat(
            CareKpiJob.opensComplaint(
                TicketFact.opened(SERIES, step(EventType.TICKET_REOPENED, T0, "k", "eu"))))
        .isFalse();
    assertThat(
            CareKpiJob.opensComplaint(
                TicketFact.opened(
                    "channel=web,kind=inquiry,region=eu", opened(T0, "k", "inquiry", "web", "eu"))))
        .isFalse();
    assertThat(CareKpiJob.opensComplaint(TicketFact.dropped(SERIES))).isFalse();
  }
}
