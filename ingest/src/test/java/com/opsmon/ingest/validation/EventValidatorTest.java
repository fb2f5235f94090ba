package com.opsmon.ingest.validation;

import static com.opsmon.ingest.TestEvents.orderCreated;
import static com.opsmon.ingest.TestEvents.serviceCall;
import static com.opsmon.ingest.TestEvents.stockSold;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.events.EventType;
import com.opsmon.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventValidatorTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final Instant T = NOW.minusSeconds(30);
  private final EventValidator validator =
      new EventValidator(new ValidationRules(Duration.ofMinutes(5), 64 * 1024));

  private Verdict validate(String json) {
    return validator.validate(json.getBytes(StandardCharsets.UTF_8), NOW);
  }

  private DeadLetterReason reasonOf(String json) {
    Verdict verdict = validate(json);
    assertThat(verdict).isInstanceOf(Verdict.Invalid.class);
    return ((Verdict.Invalid) verdict).reason();
  }

  @Test
  void shouldAcceptAContractOrderAndKeyItByOrderId() {
    Verdict verdict = validate(orderCreated("e-1", "o-1", T, "eu", "12.34", "EUR"));

    assertThat(verdict).isInstanceOf(Verdict.Valid.class);
    Verdict.Valid valid = (Verdict.Valid) verdict;
    assertThat(valid.type()).isEqualTo(EventType.ORDER_CREATED);
    assertThat(valid.key()).isEqualTo("o-1");
    assertThat(valid.eventId()).isEqualTo("e-1");
    assertThat(valid.occurredAt()).isEqualTo(T);
  }

  @Test
  void shouldNormaliseCaseWhitespaceTimeZoneAndMinorUnitsAndKeepUnknownFields() {
    String json =
        """
        {"type":" Order_Created ","eventId":" e-2 ","orderId":"o-2","occurredAt":"2026-11-25T10:59:00+01:00",
         "region":" EU ","channel":"Web","amountMinor":1234,"currency":"eur","coupon":{"code":"XMAS"}}""";

    Verdict.Valid valid = (Verdict.Valid) validate(json);

    assertThat(valid.json())
        .isEqualTo(
            "{\"type\":\"order_created\",\"eventId\":\"e-2\",\"orderId\":\"o-2\",\"occurredAt\":\"2026-11-25T09:59:00Z\","
                + "\"region\":\"eu\",\"channel\":\"web\",\"currency\":\"EUR\",\"coupon\":{\"code\":\"XMAS\"},\"amount\":12.34}");
  }

  @Test
  void shouldKeyEachFamilyByItsEntity() {
    assertThat(((Verdict.Valid) validate(stockSold("e-3", "sku-9", T, -2))).key())
        .isEqualTo("sku-9");
    assertThat(((Verdict.Valid) validate(serviceCall("e-4", T, 503, 12.5))).key())
        .isEqualTo("payments");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          truncated JSON              | {"type":"order_created","eventId":"e"                                  | MALFORMED_JSON
          trailing garbage            | {"type":"order_created"} xyz                                          | MALFORMED_JSON
          duplicate key               | {"type":"order_created","type":"payment_failed"}                       | MALFORMED_JSON
          an array                    | [1,2,3]                                                              | NOT_AN_OBJECT
          a string                    | "order_created"                                                      | NOT_AN_OBJECT
          no type                     | {"eventId":"e"}                                                      | UNKNOWN_EVENT_TYPE
          unknown type                | {"type":"order_teleported","eventId":"e"}                             | UNKNOWN_EVENT_TYPE
          numeric type                | {"type":7,"eventId":"e"}                                             | WRONG_TYPE
          no eventId                  | {"type":"order_created","occurredAt":"2026-11-25T09:59:00Z"}         | MISSING_FIELD
          blank eventId               | {"type":"order_created","eventId":"  ","occurredAt":"2026-11-25T09:59:00Z"} | MISSING_FIELD
          bad time                    | {"type":"order_created","eventId":"e","occurredAt":"yesterday"}      | INVALID_VALUE
          epoch zero                  | {"type":"order_created","eventId":"e","occurredAt":"1970-01-01T00:00:00Z"} | INVALID_VALUE
          future beyond skew          | {"type":"order_created","eventId":"e","occurredAt":"2026-11-25T10:06:00Z","orderId":"o","region":"eu","amount":1,"currency":"EUR"} | FUTURE_TIMESTAMP
          amount as string            | {"type":"order_created","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","orderId":"o","region":"eu","amount":"12.34","currency":"EUR"} | WRONG_TYPE
          negative amount             | {"type":"order_created","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","orderId":"o","region":"eu","amount":-1,"currency":"EUR"} | INVALID_VALUE
          huge amount                 | {"type":"order_created","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","orderId":"o","region":"eu","amount":1e30,"currency":"EUR"} | INVALID_VALUE
          sub-cent amount             | {"type":"order_created","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","orderId":"o","region":"eu","amount":1.234,"currency":"EUR"} | INVALID_VALUE
          unknown currency            | {"type":"order_created","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","orderId":"o","region":"eu","amount":1,"currency":"XYZ1"} | INVALID_VALUE
          missing region              | {"type":"order_created","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","orderId":"o","amount":1,"currency":"EUR"} | MISSING_FIELD
          missing amount              | {"type":"order_created","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","orderId":"o","region":"eu","currency":"EUR"} | MISSING_FIELD
          zero-quantity line          | {"type":"order_created","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","orderId":"o","region":"eu","amount":1,"currency":"EUR","items":[{"sku":"s","quantity":0}]} | INVALID_VALUE
          sold with positive delta    | {"type":"stock_sold","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","sku":"s","warehouse":"w","quantityDelta":3} | INVALID_VALUE
          fractional quantity         | {"type":"stock_adjusted","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","sku":"s","warehouse":"w","quantityDelta":1.5} | INVALID_VALUE
          negative on hand            | {"type":"stock_snapshot","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","sku":"s","warehouse":"w","onHand":-1} | INVALID_VALUE
          negative latency            | {"type":"service_call","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","service":"search","statusCode":200,"latencyMs":-3} | INVALID_VALUE
          status code out of range    | {"type":"service_call","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","service":"search","statusCode":42,"latencyMs":3} | INVALID_VALUE
          more errors than requests   | {"type":"service_sample","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","service":"search","count":3,"errors":4} | INVALID_VALUE
          satisfaction of 6           | {"type":"ticket_resolved","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","ticketId":"t","satisfaction":6} | INVALID_VALUE
          unknown ticket kind         | {"type":"ticket_opened","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","ticketId":"t","kind":"praise"} | INVALID_VALUE
          session without region      | {"type":"session_started","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","sessionId":"s"} | MISSING_FIELD
          """)
  void shouldRejectWithTheRightReason(String name, String json, DeadLetterReason expected) {
    assertThat(reasonOf(json)).isEqualTo(expected);
  }

  @Test
  void shouldRejectInvalidUtf8AsMalformed() {
    byte[] payload = {'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

    Verdict verdict = validator.validate(payload, NOW);

    assertThat(((Verdict.Invalid) verdict).reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
  }

  @Test
  void shouldRejectDeepNestingAndOversizedEventsAsTooLarge() {
    String deep = "{\"type\":\"order_created\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    String huge =
        orderCreated("e", "o", T, "eu", "1", "EUR")
            .replace("\"web\"", "\"" + "w".repeat(70_000) + "\"");

    assertThat(reasonOf(deep)).isEqualTo(DeadLetterReason.TOO_LARGE);
    assertThat(reasonOf(huge)).isEqualTo(DeadLetterReason.TOO_LARGE);
  }

  @Test
  void shouldAcceptEventsWithinTheClockSkew() {
    assertThat(validate(orderCreated("e", "o", NOW.plus(Duration.ofMinutes(4)), "eu", "1", "EUR")))
        .isInstanceOf(Verdict.Valid.class);
  }

  @Test
  void shouldRejectANumberThatCannotBeWrittenBackAsJsonNamingTheField() {
    Verdict.Invalid top =
        (Verdict.Invalid)
            validate(orderCreated("e", "o", T, "eu", "1", "EUR").replace("}", ",\"x\":1e-10000}"));
    Verdict.Invalid nested =
        (Verdict.Invalid)
            validate(
                orderCreated("e", "o", T, "eu", "1", "EUR")
                    .replace("}", ",\"coupon\":{\"rates\":[1,1e10000]}}"));

    assertThat(top.reason()).isEqualTo(DeadLetterReason.INVALID_VALUE);
    assertThat(top.detail())
        .isEqualTo(
            "x is a number with an exponent beyond ±9999, which cannot be written back as plain"
                + " JSON");
    assertThat(nested.detail())
        .isEqualTo(
            "coupon.rates[1] is a number with an exponent beyond ±9999, which cannot be written"
                + " back as plain JSON");
  }

  @Test
  void shouldAcceptANumberWithTheLargestExponentJsonCanWriteBack() {
    Verdict.Valid valid =
        (Verdict.Valid)
            validate(orderCreated("e", "o", T, "eu", "1", "EUR").replace("}", ",\"x\":1e9999}"));

    assertThat(valid.json()).endsWith(",\"x\":1" + "0".repeat(9999) + "}");
  }

  @Test
  void shouldRefuseAnAmountWithAHugeExponentWithoutSpellingItOut() {
    Verdict.Invalid invalid =
        (Verdict.Invalid) validate(orderCreated("e", "o", T, "eu", "1e999999999", "EUR"));

    assertThat(invalid.reason()).isEqualTo(DeadLetterReason.INVALID_VALUE);
    assertThat(invalid.detail())
        .isEqualTo("amount must be between 0 and 1000000000 (got 1E+999999999)");
  }

  @Test
  void shouldKeepAnItemsOwnCurrencyAndAddNoneToTheOthers() {
    Verdict.Valid valid =
        (Verdict.Valid)
            validate(
                orderCreated("e", "o", T, "eu", "3", "EUR")
                    .replace(
                        "}",
                        ",\"items\":[{\"sku\":\"s-1\",\"quantity\":1,\"unitPrice\":1.5,\"currency\":\"eur\"},"
                            + "{\"sku\":\"s-2\",\"quantity\":1,\"unitPrice\":1.5}]}"));

    assertThat(Json.write(valid.event().get("items")))
        .isEqualTo(
            "[{\"sku\":\"s-1\",\"quantity\":1,\"unitPrice\":1.50,\"currency\":\"eur\"},"
                + "{\"sku\":\"s-2\",\"quantity\":1,\"unitPrice\":1.50}]");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          empty channel         | {"type":"order_created","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","orderId":"o","region":"eu","channel":"","amount":1,"currency":"EUR"} | "channel":""
          blank warehouse       | {"type":"payment_failed","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","orderId":"o","region":"eu","warehouse":"  "} | "warehouse":"  "
          blank currency        | {"type":"payment_failed","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","orderId":"o","region":"eu","currency":" "} | "currency":" "
          empty endpoint        | {"type":"service_call","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","service":"search","endpoint":"","statusCode":200,"latencyMs":3} | "endpoint":""
          empty ticket orderId  | {"type":"ticket_resolved","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","ticketId":"t","orderId":""} | "orderId":""
          """)
  void shouldTreatABlankOptionalFieldAsAbsentAndLeaveItAsSent(
      String name, String json, String keptAsSent) {
    Verdict verdict = validate(json);

    assertThat(verdict).isInstanceOf(Verdict.Valid.class);
    assertThat(((Verdict.Valid) verdict).json()).contains(keptAsSent);
  }

  @Test
  void shouldRequireACurrencyThatIsNotBlankWithAnAmount() {
    Verdict.Invalid invalid =
        (Verdict.Invalid)
            validate(
                """
                {"type":"payment_failed","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","orderId":"o","region":"eu","amount":1,"currency":""}""");

    assertThat(invalid.reason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
    assertThat(invalid.detail()).isEqualTo("currency is required with amount");
  }

  @Test
  void shouldAcceptAnAmountAndAnAgreeingAmountMinorAndKeepOnlyTheAmount() {
    Verdict.Valid euros =
        (Verdict.Valid)
            validate(
                orderCreated("e", "o", T, "eu", "12.34", "EUR")
                    .replace("}", ",\"amountMinor\":1234}"));
    Verdict.Valid yen =
        (Verdict.Valid)
            validate(
                orderCreated("e", "o", T, "jp", "1234", "JPY")
                    .replace("}", ",\"amountMinor\":1234}"));

    assertThat(euros.event().has("amountMinor")).isFalse();
    assertThat(euros.json()).contains("\"amount\":12.34");
    assertThat(yen.event().has("amountMinor")).isFalse();
    assertThat(yen.json()).contains("\"amount\":1234");
  }

  @Test
  void shouldRejectAnAmountAndAnAmountMinorThatDisagree() {
    Verdict.Invalid invalid =
        (Verdict.Invalid)
            validate(
                orderCreated("e", "o", T, "eu", "12.34", "EUR")
                    .replace("}", ",\"amountMinor\":1235}"));

    assertThat(invalid.reason()).isEqualTo(DeadLetterReason.INVALID_VALUE);
    assertThat(invalid.detail())
        .isEqualTo("amount and amountMinor disagree: 1235 minor units of EUR are 12.35, not 12.34");
  }

  @Test
  void shouldExplainWhichFieldIsWrong() {
    Verdict.Invalid invalid =
        (Verdict.Invalid)
            validate(
                """
                {"type":"order_created","eventId":"e","occurredAt":"2026-11-25T09:59:00Z","orderId":"o","region":"eu","amount":"12.34","currency":"EUR"}""");

    assertThat(invalid.detail()).isEqualTo("amount must be a number, not a string");
  }
}
