package com.opsmon.ingest.validation;

import static com.opsmon.ingest.TestEvents.orderCreated;
import static com.opsmon.ingest.TestEvents.serviceCall;
import static com.opsmon.ingest.TestEvents.stockSold;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.ingest.metrics.IngestMetrics;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.topics.Topic;
import com.opsmon.model.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidatorTopologyTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final Instant T = NOW.minusSeconds(60);
  private static final Duration HORIZON = Duration.ofHours(24);

  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> raw;
  private IngestMetrics metrics;

  @BeforeEach
  void setUp() {
    metrics = IngestMetrics.discarding("validator");
    driver =
        new TopologyTestDriver(
            ValidatorTopology.buildTopology(ValidationRules.DEFAULTS, HORIZON, metrics),
            ValidatorTopology.streamsConfig("unused:9092", "validator-test", stateDir),
            NOW);
    raw =
        driver.createInputTopic(
            Topics.RAW_EVENTS.name(),
            Topics.RAW_EVENTS.keySerde().serializer(),
            Topics.RAW_EVENTS.valueSerde().serializer(),
            NOW,
            Duration.ZERO);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
    return driver.createOutputTopic(
        topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }

  private void send(String key, String json) {
    raw.pipeInput(key, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldRouteEachFamilyToItsTopicKeyedByEntity() {
    send("o-1", orderCreated("e-1", "o-1", T, "eu", "10.00", "EUR"));
    send("sku-1", stockSold("e-2", "sku-1", T, -1));
    send("payments", serviceCall("e-3", T, 200, 15.0));

    assertThat(output(Topics.ORDERS).readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly("o-1");
    assertThat(output(Topics.INVENTORY).readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly("sku-1");
    assertThat(output(Topics.SERVICE).readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly("payments");
    assertThat(output(Topics.DEAD_LETTERS).isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterBadRecordsWithReasonAndOriginalPayloadWithoutLosingNeighbours() {
    send("o-1", orderCreated("e-1", "o-1", T, "eu", "10.00", "EUR"));
    send(null, "{\"type\":\"order_created\",\"eventId\"");
    send("x", "{\"type\":\"order_teleported\",\"eventId\":\"e-9\"}");
    send("o-2", orderCreated("e-2", "o-2", T, "us", "5.50", "USD"));

    List<KeyValue<String, String>> orders = output(Topics.ORDERS).readKeyValuesToList();
    List<DeadLetter> dead = output(Topics.DEAD_LETTERS).readValuesToList();

    assertThat(orders).extracting(kv -> kv.key).containsExactly("o-1", "o-2");
    assertThat(dead)
        .extracting(DeadLetter::reason, DeadLetter::payload, DeadLetter::source)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                DeadLetterReason.MALFORMED_JSON,
                "{\"type\":\"order_created\",\"eventId\"",
                "validator"),
            org.assertj.core.groups.Tuple.tuple(
                DeadLetterReason.UNKNOWN_EVENT_TYPE,
                "{\"type\":\"order_teleported\",\"eventId\":\"e-9\"}",
                "validator"));
    assertThat(dead.get(1).detail()).isEqualTo("unknown event type 'order_teleported'");
    assertThat(metrics.rejectedCount(DeadLetterReason.MALFORMED_JSON)).isEqualTo(1.0);
    assertThat(metrics.acceptedCount()).isEqualTo(2.0);
  }

  @Test
  void shouldPassAResentEventOnlyOnceWithinTheHorizon() {
    String event = orderCreated("e-1", "o-1", T, "eu", "10.00", "EUR");
    send("o-1", event);
    raw.advanceTime(Duration.ofHours(1));
    send("o-1", event);
    send("o-1", event);

    assertThat(output(Topics.ORDERS).readValuesToList()).hasSize(1);
    assertThat(metrics.duplicateCount()).isEqualTo(2.0);
  }

  @Test
  void shouldPassAResendAgainOnceTheHorizonHasPassed() {
    String event = orderCreated("e-1", "o-1", T, "eu", "10.00", "EUR");
    send("o-1", event);
    raw.advanceTime(HORIZON.plusMinutes(1));
    send("o-1", event);

    assertThat(output(Topics.ORDERS).readValuesToList()).hasSize(2);
  }

  @Test
  void shouldNotLetAnInvalidEventBlockALaterValidOneWithTheSameId() {
    send("o-1", "{\"type\":\"order_created\",\"eventId\":\"e-1\",\"orderId\":\"o-1\"}");
    send("o-1", orderCreated("e-1", "o-1", T, "eu", "10.00", "EUR"));

    assertThat(output(Topics.ORDERS).readValuesToList()).hasSize(1);
    assertThat(output(Topics.DEAD_LETTERS).readValuesToList()).hasSize(1);
  }

  @Test
  void shouldDeadLetterAnEventThatCannotBeWrittenBackAsInvalidAndPassItsCorrectedResend() {
    String corrected = orderCreated("e-1", "o-1", T, "eu", "10.00", "EUR");
    send("o-1", corrected.replace("}", ",\"x\":1e-10000}"));
    send("o-1", corrected);

    assertThat(output(Topics.DEAD_LETTERS).readValuesToList())
        .extracting(DeadLetter::reason)
        .containsExactly(DeadLetterReason.INVALID_VALUE);
    assertThat(output(Topics.ORDERS).readValuesToList()).containsExactly(corrected);
    assertThat(metrics.acceptedCount()).isEqualTo(1.0);
    assertThat(metrics.rejectedCount()).isEqualTo(1.0);
    assertThat(metrics.duplicateCount()).isEqualTo(0.0);
  }

  @Test
  void shouldJudgeFutureTimestampsByTheMonitorsClock() {
    send("o-1", orderCreated("e-1", "o-1", NOW.plus(Duration.ofMinutes(10)), "eu", "1", "EUR"));
    driver.advanceWallClockTime(Duration.ofMinutes(10));
    send("o-2", orderCreated("e-2", "o-2", NOW.plus(Duration.ofMinutes(10)), "eu", "1", "EUR"));

    assertThat(output(Topics.DEAD_LETTERS).readValuesToList())
        .extracting(DeadLetter::reason)
        .containsExactly(DeadLetterReason.FUTURE_TIMESTAMP);
    assertThat(output(Topics.ORDERS).readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly("o-2");
  }

  @Test
  void shouldForwardTheNormalisedEventWithUnknownFieldsKept() {
    send(
        "o-1",
        orderCreated("e-1", "o-1", T, "EU", "10", "eur").replace("}", ",\"coupon\":\"XMAS\"}"));

    String json = output(Topics.ORDERS).readValue();

    assertThat(json)
        .contains(
            "\"region\":\"eu\"", "\"currency\":\"EUR\"", "\"amount\":10.00", "\"coupon\":\"XMAS\"");
  }
}
