package com.opsmon.ingest.http;

import static com.opsmon.ingest.TestEvents.orderCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.opsmon.ingest.validation.EventValidator;
import com.opsmon.ingest.validation.ValidationRules;
import com.opsmon.ingest.validation.Verdict;
import com.opsmon.model.deadletter.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BodyReaderTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final Instant T = NOW.minusSeconds(60);

  private static List<BodyItem> read(String contentType, String body) {
    return BodyReader.read(contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(BodyItem item) {
    return new String(item.raw(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldReadEveryLineOfNdjsonSentAsApplicationJson() {
    String first = orderCreated("e-1", "o-1", T, "eu", "1.00", "EUR");
    String second = orderCreated("e-2", "o-2", T, "eu", "2.00", "EUR");
    String third = orderCreated("e-3", "o-3", T, "eu", "3.00", "EUR");

    List<BodyItem> items = read("application/json", first + "\n" + second + "\n\n" + third + "\n");

    assertThat(items)
        .extracting(BodyItem::line, BodyReaderTest::text)
        .containsExactly(tuple(1, first), tuple(2, second), tuple(4, third));
  }

  @Test
  void shouldReadOneObjectSentAsApplicationJsonAsOneEventEvenOverSeveralLines() {
    String object = "{\n  \"type\": \"order_created\",\n  \"eventId\": \"e-1\"\n}";

    List<BodyItem> items = read("application/json", "  " + object + "\n");

    assertThat(items)
        .extracting(BodyItem::line, BodyReaderTest::text)
        .containsExactly(tuple(1, object));
  }

  @Test
  void shouldLeaveAnObjectThatIsNotValidJsonToTheValidatorAsOneEvent() {
    String body = "{\"type\":\"order_created\",\"eventId\":";

    List<BodyItem> items = read("application/json", body);

    assertThat(items)
        .extracting(BodyItem::line, BodyReaderTest::text, BodyItem::unreadable)
        .containsExactly(tuple(1, body, null));
  }

  @Test
  void shouldKeepEachArrayElementExactlyAsSent() {
    List<BodyItem> items =
        read(
            "application/json",
            "[ {\"x\": 1e-10000 } ,\"a \\\"quoted\\\" é\",42 ,-1.5e3,true,null,[1,[2]], {\"a\":1,\"a\":2}]");

    assertThat(items)
        .extracting(BodyItem::line, BodyReaderTest::text)
        .containsExactly(
            tuple(1, "{\"x\": 1e-10000 }"),
            tuple(2, "\"a \\\"quoted\\\" é\""),
            tuple(3, "42"),
            tuple(4, "-1.5e3"),
            tuple(5, "true"),
            tuple(6, "null"),
            tuple(7, "[1,[2]]"),
            tuple(8, "{\"a\":1,\"a\":2}"));
  }

  @Test
  void shouldJudgeArrayElementsLikeNdjsonLinesSoADuplicateKeyIsMalformed() {
    EventValidator validator = new EventValidator(ValidationRules.DEFAULTS);
    String good = orderCreated("e-1", "o-1", T, "eu", "1.00", "EUR");
    String duplicateKey = good.replace("\"region\":\"eu\"", "\"region\":\"eu\",\"region\":\"us\"");
    String unwritable = good.replace("}", ",\"x\":1e-10000}");

    List<DeadLetterReason> inArray =
        read("application/json", "[" + good + "," + duplicateKey + "," + unwritable + "]").stream()
            .map(item -> reasonOf(validator.validate(item.raw(), NOW)))
            .toList();
    List<DeadLetterReason> asLines =
        read("application/x-ndjson", good + "\n" + duplicateKey + "\n" + unwritable).stream()
            .map(item -> reasonOf(validator.validate(item.raw(), NOW)))
            .toList();

    assertThat(inArray)
        .containsExactly(null, DeadLetterReason.MALFORMED_JSON, DeadLetterReason.INVALID_VALUE);
    assertThat(asLines).isEqualTo(inArray);
  }

  private static DeadLetterReason reasonOf(Verdict verdict) {
    return verdict instanceof Verdict.Invalid invalid ? invalid.reason() : null;
  }

  @Test
  void shouldReportTheBreakOfAnArrayOnceForTheElementWhereItBreaks() {
    List<BodyItem> items = read("application/json", "[{\"a\":1},{\"b\":]");

    assertThat(items).extracting(BodyItem::line).containsExactly(1, 2);
    assertThat(items.get(1).unreadable().reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
    assertThat(items.get(1).unreadable().detail())
        .startsWith("the JSON array breaks at element 2, which and all after it were not read: ");
  }

  @Test
  void shouldRefuseAJsonBodyThatIsNotUtf8() {
    List<BodyItem> items =
        BodyReader.read("application/json", "[{\"a\":1}]".getBytes(StandardCharsets.UTF_16LE));

    assertThat(items)
        .extracting(BodyItem::line, i -> i.unreadable())
        .containsExactly(
            tuple(
                1,
                new Verdict.Invalid(
                    DeadLetterReason.MALFORMED_JSON, "the body must be UTF-8 JSON")));
  }
}
