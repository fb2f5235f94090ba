package com.opsmon.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.ingest.simulator.Recorded.Fact;
import com.opsmon.ingest.validation.EventValidator;
import com.opsmon.ingest.validation.ValidationRules;
import com.opsmon.ingest.validation.Verdict;
import com.opsmon.model.events.EventType;
import com.opsmon.model.json.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetailSimulatorTest {
  /** A Wednesday, midnight UTC. */
  private static final Instant DAY = Instant.parse("2026-11-25T00:00:00Z");

  private static final Duration ONE_DAY = Duration.ofDays(1);

  private static List<SimulatedEvent> run(SimulationSettings settings, Duration duration) {
    List<SimulatedEvent> events = new ArrayList<>();
    new RetailSimulator(settings).advanceTo(settings.start().plus(duration), events::add);
    return events;
  }

  @Test
  void shouldEmitOnlyEventsTheValidatorAcceptsKeyedByTheirEntityId() {
    EventValidator validator = new EventValidator(ValidationRules.DEFAULTS);
    // nine days, so that returns (days after delivery) occur too; the incidents fall on day one
    List<SimulatedEvent> events =
        run(new SimulationSettings(7, DAY, 0.25, IncidentPlan.defaultDay(DAY)), Duration.ofDays(9));

    Set<String> eventIds = new HashSet<>();
    Set<EventType> types = new HashSet<>();
    for (SimulatedEvent event : events) {
      byte[] bytes = Json.writeBytes(event.json());
      Verdict verdict = validator.validate(bytes, event.occurredAt());
      assertThat(verdict).as(new String(bytes)).isInstanceOf(Verdict.Valid.class);
      Verdict.Valid valid = (Verdict.Valid) verdict;
      assertThat(valid.key()).isEqualTo(event.key());
      assertThat(valid.occurredAt()).isEqualTo(event.occurredAt());
      assertThat(eventIds.add(valid.eventId())).as("unique " + valid.eventId()).isTrue();
      types.add(valid.type());
    }
    assertThat(types)
        .as("every type but the pre-aggregated sample occurs")
        .containsAll(allTypesBut(EventType.SERVICE_SAMPLE));
  }

  private static Set<EventType> allTypesBut(EventType excluded) {
    Set<EventType> types = new HashSet<>(List.of(EventType.values()));
    types.remove(excluded);
    return types;
  }

  @Test
  void shouldPriceOrdersAsTheSumOfTheirLinesWithTheCurrencysDecimals() {
    Map<String, Integer> decimals = Map.of("EUR", 2, "USD", 2, "SGD", 2, "JPY", 0);
    Set<String> currencies = new HashSet<>();
    for (SimulatedEvent event :
        run(new SimulationSettings(3, DAY, 5, List.of()), Duration.ofHours(6))) {
      JsonNode json = event.json();
      if (!json.get("type").textValue().equals("order_created")) {
        continue;
      }
      String currency = json.get("currency").textValue();
      currencies.add(currency);
      BigDecimal amount = json.get("amount").decimalValue();
      assertThat(amount.scale()).as(json.toString()).isEqualTo(decimals.get(currency));
      BigDecimal sum = BigDecimal.ZERO;
      for (JsonNode line : json.get("items")) {
        BigDecimal unitPrice = line.get("unitPrice").decimalValue();
        assertThat(unitPrice.scale()).isEqualTo(decimals.get(currency));
        sum = sum.add(unitPrice.multiply(BigDecimal.valueOf(line.get("quantity").asLong())));
      }
      assertThat(amount).as(json.toString()).isEqualTo(sum);
    }
    assertThat(currencies).containsExactlyInAnyOrder("EUR", "USD", "SGD", "JPY");
  }

  @Test
  void shouldEmitInTimeOrderOnlyBeforeUntilAndNothingTwiceHoweverTheCallsAreSliced() {
    SimulationSettings settings = new SimulationSettings(11, DAY, 10, IncidentPlan.defaultDay(DAY));
    Instant end = DAY.plus(Duration.ofHours(2));
    List<String> inOneCall = new ArrayList<>();
    new RetailSimulator(settings).advanceTo(end, e -> inOneCall.add(Json.write(e.json())));

    RetailSimulator sliced = new RetailSimulator(settings);
    SplittableRandom steps = new SplittableRandom(1);
    List<String> inSlices = new ArrayList<>();
    Set<String> eventIds = new HashSet<>();
    Instant previousUntil = DAY;
    Instant previousEvent = DAY;
    while (previousUntil.isBefore(end)) {
      // uneven slices, some shorter than a millisecond, some minutes long
      Instant step = previousUntil.plusNanos(steps.nextLong(1, 240_000_000_000L));
      Instant until = step.isAfter(end) ? end : step;
      Instant from = previousUntil;
      List<SimulatedEvent> batch = new ArrayList<>();
      sliced.advanceTo(until, batch::add);
      for (SimulatedEvent e : batch) {
        assertThat(e.occurredAt()).isBefore(until).isAfterOrEqualTo(from);
        assertThat(e.occurredAt()).isAfterOrEqualTo(previousEvent);
        assertThat(eventIds.add(e.json().get("eventId").textValue())).isTrue();
        previousEvent = e.occurredAt();
        inSlices.add(Json.write(e.json()));
      }
      previousUntil = until;
    }
    assertThat(inOneCall).hasSizeGreaterThan(10_000);
    assertThat(inSlices).isEqualTo(inOneCall);
  }

  @Test
  void shouldOfferAnEventTheConsumerRefusedAgainOnTheNextCall() {
    SimulationSettings settings = new SimulationSettings(5, DAY, 5, List.of());
    RetailSimulator simulator = new RetailSimulator(settings);
    List<SimulatedEvent> accepted = new ArrayList<>();
    SimulatedEvent[] refused = new SimulatedEvent[1];
    assertThatThrownBy(
            () ->
                simulator.advanceTo(
                    DAY.plusSeconds(600),
                    e -> {
                      if (accepted.size() == 100) {
                        refused[0] = e;
                        throw new IllegalStateException("broker down");
                      }
                      accepted.add(e);
                    }))
        .hasMessage("broker down");

    simulator.advanceTo(DAY.plusSeconds(600), accepted::add);

    assertThat(accepted.get(100)).isSameAs(refused[0]);
    List<SimulatedEvent> reference = run(settings, Duration.ofSeconds(600));
    assertThat(accepted.stream().map(e -> Json.write(e.json())).toList())
        .isEqualTo(reference.stream().map(e -> Json.write(e.json())).toList());
  }

  @Test
  void shouldKeepStockNonNegativeAndEverySnapshotEqualToTheReplayedDeltas() {
    Instant stockoutStart = DAY.plus(Duration.ofHours(5));
    List<Incident> incidents =
        List.of(
            new Incident(
                "stockout", stockoutStart, Duration.ofHours(3), Map.of("sku", "sku-1001"), 1),
            new Incident(
                "payment_outage",
                DAY.plus(Duration.ofHours(10)),
                Duration.ofHours(1),
                Map.of(),
                1));
    Map<String, Long> onHand = new HashMap<>();
    long[] checked = new long[3];
    new RetailSimulator(new SimulationSettings(13, DAY, 5, incidents))
        .advanceTo(
            DAY.plus(ONE_DAY),
            event -> {
              Fact f = Fact.of(event);
              String cell = f.sku() + "@" + f.warehouse();
              switch (f.type()) {
                case STOCK_SNAPSHOT -> {
                  Long replayed = onHand.put(cell, f.quantity());
                  if (replayed != null) {
                    assertThat(f.quantity()).as(cell + " at " + f.at()).isEqualTo(replayed);
                    checked[0]++;
                  }
                }
                case STOCK_SOLD, STOCK_RECEIVED, STOCK_ADJUSTED -> {
                  long after = onHand.merge(cell, f.quantity(), Long::sum);
                  assertThat(after).as(cell + " at " + f.at()).isNotNegative();
                  checked[f.type() == EventType.STOCK_RECEIVED ? 1 : 2]++;
                }
                default -> {}
              }
            });
    assertThat(checked[0]).as("snapshots checked").isGreaterThan(10_000);
    assertThat(checked[1]).as("replenishments").isPositive();
    assertThat(checked[2]).as("sales and adjustments").isGreaterThan(1_000);
  }

  @Test
  void shouldSellALargerCatalogueWithTheNamedSkusStillTheBestSellers() {
    int skus = 5_000;
    Set<String> snapshotted = new HashSet<>();
    Map<String, Long> linesPerSku = new HashMap<>();
    Set<String> orderIds = new HashSet<>();
    new RetailSimulator(new SimulationSettings(29, DAY, 20, List.of(), skus))
        .advanceTo(
            DAY.plus(Duration.ofHours(12)),
            event -> {
              JsonNode json = event.json();
              String type = json.get("type").textValue();
              if (type.equals("stock_snapshot")) {
                snapshotted.add(
                    json.get("sku").textValue() + "@" + json.get("warehouse").textValue());
              } else if (type.equals("order_created")) {
                orderIds.add(json.get("orderId").textValue());
                json.get("items")
                    .forEach(l -> linesPerSku.merge(l.get("sku").textValue(), 1L, Long::sum));
              }
            });

    assertThat(snapshotted).as("every SKU in every warehouse").hasSize(skus * 6);
    assertThat(snapshotted).contains("sku-1001@ams-1", "sku-6000@tyo-1");
    long named =
        linesPerSku.entrySet().stream()
            .filter(e -> e.getKey().compareTo("sku-1037") < 0 && e.getKey().length() == 8)
            .mapToLong(Map.Entry::getValue)
            .sum();
    long all = linesPerSku.values().stream().mapToLong(Long::longValue).sum();
    // Zipf 1.1: the first 36 of 5,000 SKUs carry about half the lines
    assertThat(named / (double) all).isBetween(0.4, 0.75);
    assertThat(linesPerSku.keySet()).as("the long tail sells too").hasSizeGreaterThan(300);

    Set<String> standardIds = new HashSet<>();
    new RetailSimulator(new SimulationSettings(29, DAY, 20, List.of()))
        .advanceTo(
            DAY.plus(Duration.ofHours(12)),
            event -> {
              if (event.json().get("type").textValue().equals("order_created")) {
                standardIds.add(event.json().get("orderId").textValue());
              }
            });
    assertThat(orderIds)
        .as("another catalogue, other order ids")
        .doesNotContainAnyElementsOf(standardIds);
  }

  @Test
  void shouldAverageTheRequestedEventRateOverADay() {
    for (double rate : List.of(0.5, 2.0)) {
      long events = run(new SimulationSettings(17, DAY, rate, List.of()), ONE_DAY).size();

      assertThat(events / 86_400.0).as("events/s at " + rate).isCloseTo(rate, withinPercentage(25));
    }
  }

  @Test
  void shouldConvertAFewPercentOfSessionsAndFailAFewPaymentsOnAnOrdinaryDay() {
    Recorded day = Recorded.run(new SimulationSettings(19, DAY, 2, List.of()), ONE_DAY);

    double sessions = day.count(f -> f.is(EventType.SESSION_STARTED));
    double orders = day.count(f -> f.is(EventType.ORDER_CREATED));
    double failed = day.count(f -> f.is(EventType.PAYMENT_FAILED));
    double authorized = day.count(f -> f.is(EventType.PAYMENT_AUTHORIZED));
    double cancelled = day.count(f -> f.is(EventType.ORDER_CANCELLED));
    assertThat(orders / sessions).isBetween(0.02, 0.06);
    assertThat(failed / (failed + authorized)).isBetween(0.01, 0.04);
    assertThat(cancelled / authorized).isBetween(0.015, 0.05);
    assertThat(day.count(f -> f.is(EventType.ORDER_PICKED)) / authorized).isGreaterThan(0.9);
  }

  @Test
  void shouldBeQuietAtNightAndBusyInTheEveningLocalTime() {
    Recorded day = Recorded.run(new SimulationSettings(23, DAY, 2, List.of()), ONE_DAY);
    // eu is UTC+1: 03:00-05:00 local is 02:00-04:00 UTC, 19:00-21:00 local is 18:00-20:00 UTC
    long night =
        day.count(
            f ->
                f.is(EventType.SESSION_STARTED)
                    && "eu".equals(f.region())
                    && f.within(DAY.plus(Duration.ofHours(2)), DAY.plus(Duration.ofHours(4))));
    long evening =
        day.count(
            f ->
                f.is(EventType.SESSION_STARTED)
                    && "eu".equals(f.region())
                    && f.within(DAY.plus(Duration.ofHours(18)), DAY.plus(Duration.ofHours(20))));

    assertThat(evening).isGreaterThan(5 * night);
  }

  @Test
  void shouldRefuseAnIncidentAimedAtAnUnknownWarehouse() {
    Incident typo =
        new Incident("warehouse_stall", DAY, Duration.ofHours(1), Map.of("warehouse", "ams1"), 1);

    assertThatThrownBy(() -> new RetailSimulator(new SimulationSettings(1, DAY, 1, List.of(typo))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown warehouse 'ams1'")
        .hasMessageContaining("ams-1");
  }
}
