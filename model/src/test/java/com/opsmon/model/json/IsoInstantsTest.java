package com.opsmon.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opsmon.model.events.Event;
import com.opsmon.model.events.Events;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {
  @Test
  void shouldReadWhatTheJdkReadsForInstantsOfEveryShape() {
    Random random = new Random(3);
    DateTimeFormatter[] shapes = {
      DateTimeFormatter.ISO_OFFSET_DATE_TIME,
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX"),
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX"),
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSxxx"),
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.Sxxx"),
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmXXX"),
    };
    for (int i = 0; i < 20_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(random.nextLong(4_102_444_800L), random.nextInt(1_000_000_000));
      ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(37) - 18) * 1800);
      String text = instant.atOffset(offset).format(shapes[i % shapes.length]);
      assertThat(IsoInstants.parse(text))
          .as(text)
          .isEqualTo(OffsetDateTime.parse(text).toInstant());
    }
    assertThat(IsoInstants.fast("2026-11-25T10:03:00.25Z"))
        .isEqualTo(Instant.parse("2026-11-25T10:03:00.250Z"));
    assertThat(IsoInstants.fast("2024-02-29T23:59:59-05:30"))
        .isEqualTo(Instant.parse("2024-03-01T05:29:59Z"));
  }

  @Test
  void shouldLeaveUnusualShapesToTheJdkAndRefuseWhatItRefuses() {
    for (String unusual :
        new String[] {
          "2026-11-25t10:03:00z",
          "2026-11-25T10:03Z",
          "+12026-11-25T10:03:00Z",
          "2026-11-25T10:03:00.Z"
        }) {
      assertThat(IsoInstants.fast(unusual)).as(unusual).isNull();
      assertThat(IsoInstants.parse(unusual)).isEqualTo(OffsetDateTime.parse(unusual).toInstant());
    }
    for (String wrong :
        new String[] {
          "2026-02-30T10:03:00Z",
          "2026-11-25T24:00:00Z",
          "2026-11-25T10:60:00Z",
          "2026-11-25T10:03:60Z",
          "2026-13-01T10:03:00Z",
          "2026-11-25T10:03:00",
          "2026-11-25T10:03:00.1234567890Z",
          "2026-11-25T10:03:00+19:00",
          "2026-11-25T10:03:00Z ",
          "2026-1a-25T10:03:00Z",
          "yesterday at noon, more or less",
        }) {
      assertThat(IsoInstants.fast(wrong)).as(wrong).isNull();
      assertThatThrownBy(() -> IsoInstants.parse(wrong))
          .as(wrong)
          .isInstanceOf(DateTimeParseException.class);
    }
  }

  @Test
  void shouldReadEventTimesThroughTheSharedMapperAsBefore() {
    Event event =
        Events.parse(
            ("{\"type\":\"order_created\",\"eventId\":\"e1\",\"orderId\":\"o1\","
                    + "\"occurredAt\":\"2026-11-25T11:03:00.5+01:00\",\"region\":\"eu\"}")
                .getBytes(StandardCharsets.UTF_8));

    assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-25T10:03:00.500Z"));
    assertThat(Json.read("\"2026-11-25T10:03:00Z\"", Instant.class))
        .isEqualTo(Instant.parse("2026-11-25T10:03:00Z"));
    // what the fast path does not take, Jackson's own reader still does: epoch seconds
    assertThat(Json.read("1764064980", Instant.class))
        .isEqualTo(Instant.parse("2025-11-25T10:03:00Z"));
  }
}
