package com.opsmon.jobs.care;

import static com.opsmon.jobs.TestEvents.opened;
import static com.opsmon.jobs.TestEvents.resolved;
import static com.opsmon.jobs.TestEvents.step;
import static com.opsmon.jobs.TestOrders.created;
import static com.opsmon.jobs.TestPoints.byName;
import static com.opsmon.jobs.TestPoints.emitted;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.events.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class CareTotalsTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final String SERIES = "channel=web,kind=complaint,region=eu";
  private static final Map<String, String> TAGS =
      Map.of("channel", "web", "kind", "complaint", "region", "eu");

  private static TicketFact resolution(long seconds, Integer score) {
    return new TicketFact(SERIES, resolved(T0, "k", "eu", score), -1, seconds, -1);
  }

  private static TicketFact response(long seconds) {
    return new TicketFact(
        SERIES, step(EventType.TICKET_FIRST_RESPONSE, T0, "k", "eu"), seconds, -1, 0);
  }

  @Test
  void shouldCountOpeningsScoresAndReopenings() {
    CareTotals totals = new CareTotals();
    totals.add(TicketFact.opened(SERIES, opened(T0, "a", "complaint", "web", "eu")));
    totals.add(TicketFact.opened(SERIES, opened(T0, "b", "complaint", "web", "eu")));
    totals.add(resolution(600, 5));
    totals.add(resolution(1200, 2));
    totals.add(resolution(1800, 1));
    totals.add(resolution(-1, null));
    totals.add(TicketFact.opened(SERIES, step(EventType.TICKET_REOPENED, T0, "c", "eu")));
    totals.add(TicketFact.dropped(SERIES));

    assertThat(byName(emitted(totals, TAGS)))
        .containsEntry("tickets_opened", 2.0)
        .containsEntry("csat", 8 / 3.0)
        .containsEntry("csat_low_share", 2 / 3.0)
        .containsEntry("reopen_rate", 0.25)
        .doesNotContainKey("first_response_time.p50");
  }

  @Test
  void shouldGiveTimeQuantilesWithinOnePercentOfTheExactOnes() {
    Random random = new Random(7);
    List<Long> responses = new ArrayList<>();
    CareTotals first = new CareTotals();
    CareTotals second = new CareTotals();
    for (int i = 0; i < 3000; i++) {
      long seconds = Math.round(Math.exp(Math.log(3000) + random.nextGaussian()));
      responses.add(seconds);
      (i % 2 == 0 ? first : second).add(response(seconds));
      (i % 2 == 0 ? first : second).add(resolution(seconds * 10, null));
    }
    first.addAll(second);
    List<Long> sorted = responses.stream().sorted().toList();

    Map<String, Double> points = byName(emitted(first, TAGS));
    assertThat(points.get("first_response_time.p50"))
        .isCloseTo(sorted.get(1499), Percentage.withPercentage(1));
    assertThat(points.get("first_response_time.p90"))
        .isCloseTo(sorted.get(2699), Percentage.withPercentage(1));
    assertThat(points.get("resolution_time.p90"))
        .isCloseTo(10.0 * sorted.get(2699), Percentage.withPercentage(1));
  }

  @Test
  void shouldEmitNoScoreOrRateWithoutScoresOrResolutions() {
    CareTotals totals = new CareTotals();
    totals.add(TicketFact.opened(SERIES, opened(T0, "a", "complaint", "web", "eu")));

    assertThat(byName(emitted(totals, TAGS))).containsExactly(Map.entry("tickets_opened", 1.0));
  }

  @Test
  void shouldGiveComplaintsPerHundredOrdersAndNothingWithoutOrders() {
    ComplaintTotals totals = new ComplaintTotals();
    totals.add(ComplaintOrOrder.of(opened(T0, "a", "complaint", "web", "eu")));
    assertThat(emitted(totals, Map.of("region", "eu", "channel", "web"))).isEmpty();

    for (int i = 0; i < 40; i++) {
      totals.add(ComplaintOrOrder.of(created(T0, "eu", "1.00", "EUR")));
    }

    assertThat(byName(emitted(totals, Map.of("region", "eu", "channel", "web"))))
        .containsExactly(Map.entry("complaint_rate", 2.5));
  }
}
