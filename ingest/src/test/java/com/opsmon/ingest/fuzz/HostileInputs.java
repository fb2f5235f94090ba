package com.opsmon.ingest.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Batches of good contract events mixed with hostile input: truncated JSON, wrong types, huge
 * numbers, numbers JSON cannot write back, deep nesting, invalid UTF-8, missing fields, duplicate
 * keys, unknown types, non-objects, future timestamps, disagreeing amounts, and resends of good
 * events. Every bad sample is invalid by construction, so a test knows the right answer without
 * asking the validator. No sample contains a line break, so a batch is also valid NDJSON framing.
 */
public final class HostileInputs {
  private static final String[] REGIONS = {"eu", "us", "apac"};
  private static final String[] CURRENCIES = {"EUR", "USD", "SGD"};

  private HostileInputs() {}

  /**
   * A batch of {@code size} samples around {@code now}; event ids start with {@code idPrefix}, so
   * batches with different prefixes never share an id.
   */
  public static List<Sample> batch(Random random, int size, Instant now, String idPrefix) {
    List<Sample> samples = new ArrayList<>(size);
    List<Sample> goods = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String id = idPrefix + "-" + i;
      int dice = random.nextInt(100);
      Sample sample;
      if (dice < 45) {
        sample = goodEvent(random, now, id);
        goods.add(sample);
      } else if (dice < 50 && !goods.isEmpty()) {
        sample = goods.get(random.nextInt(goods.size())).resent();
      } else {
        sample = badEvent(random, now, id);
      }
      samples.add(sample);
    }
    return samples;
  }

  static Sample goodEvent(Random random, Instant now, String id) {
    Instant at =
        now.minus(Duration.ofSeconds(random.nextInt(3600)))
            .plus(Duration.ofSeconds(random.nextInt(60)));
    int r = random.nextInt(REGIONS.length);
    String region = random.nextBoolean() ? REGIONS[r] : " " + REGIONS[r].toUpperCase() + " ";
    return switch (random.nextInt(5)) {
      case 0 -> Sample.good("order", orderJson(id, at, region, CURRENCIES[r], cents(random)), id);
      case 1 ->
          Sample.good(
              "stock",
              "{\"type\":\"stock_sold\",\"eventId\":\"%s\",\"occurredAt\":\"%s\",\"sku\":\"sku-%d\",\"warehouse\":\"w-1\",\"quantityDelta\":%d}"
                  .formatted(id, at, random.nextInt(50), -1 - random.nextInt(5)),
              id);
      case 2 ->
          Sample.good(
              "call",
              "{\"type\":\"service_call\",\"eventId\":\"%s\",\"occurredAt\":\"%s\",\"service\":\"payments\",\"statusCode\":%d,\"latencyMs\":%s,\"extra\":{\"trace\":\"t-%d\"}}"
                  .formatted(
                      id,
                      at,
                      200 + random.nextInt(400),
                      random.nextInt(5000) / 10.0,
                      random.nextInt()),
              id);
      case 3 ->
          Sample.good(
              "ticket",
              "{\"type\":\"ticket_opened\",\"eventId\":\"%s\",\"occurredAt\":\"%s\",\"ticketId\":\"t-%s\",\"kind\":\"complaint\",\"region\":\"%s\"}"
                  .formatted(id, at, id, region),
              id);
      default ->
          Sample.good(
              "session",
              "{\"type\":\"session_started\",\"eventId\":\"%s\",\"occurredAt\":\"%s\",\"sessionId\":\"s-%s\",\"region\":\"%s\",\"channel\":\"%s\",\"note\":\"caf\\u00e9 \\u2603\"}"
                  .formatted(id, at, id, region, List.of("app", "", " ").get(random.nextInt(3))),
              id);
    };
  }

  static Sample badEvent(Random random, Instant now, String id) {
    Instant at = now.minusSeconds(random.nextInt(600));
    String good = orderJson(id, at, "eu", "EUR", cents(random));
    return switch (random.nextInt(17)) {
      case 0 -> Sample.bad("truncated", good.substring(0, 1 + random.nextInt(good.length() - 2)));
      case 1 ->
          Sample.bad(
              "amount-as-string", good.replaceFirst("\"amount\":[0-9.]+", "\"amount\":\"12.34\""));
      case 2 ->
          Sample.bad(
              "id-as-number",
              good.replace("\"orderId\":\"o-" + id + "\"", "\"orderId\":" + random.nextInt()));
      case 3 ->
          Sample.bad(
              "huge-amount",
              good.replaceFirst(
                  "\"amount\":[0-9.]+", "\"amount\":1" + "0".repeat(20 + random.nextInt(400))));
      case 4 ->
          Sample.bad(
              "endless-number",
              good.replaceFirst(
                  "\"amount\":[0-9.]+", "\"amount\":" + "9".repeat(1100 + random.nextInt(3000))));
      case 5 -> {
        int depth = 65 + random.nextInt(3000);
        yield Sample.bad(
            "deep-nesting",
            good.replace("}", ",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}"));
      }
      case 6 -> Sample.bad("invalid-utf8", invalidUtf8(good, random));
      case 7 -> {
        String field = REQUIRED[random.nextInt(REQUIRED.length)];
        yield Sample.bad(
            "missing-" + field, good.replaceFirst(",?\"" + field + "\":(\"[^\"]*\"|[0-9.]+)", ""));
      }
      case 8 ->
          Sample.bad(
              "future",
              orderJson(
                  id,
                  now.plus(Duration.ofMinutes(6 + random.nextInt(5_000_000))),
                  "eu",
                  "EUR",
                  cents(random)));
      case 9 ->
          Sample.bad(
              "unknown-type",
              good.replace("order_created", "order_" + Long.toHexString(random.nextLong())));
      case 10 ->
          Sample.bad(
              "not-an-object",
              List.of("[1,2,3]", "42", "\"order_created\"", "null", "true", "[]")
                  .get(random.nextInt(6)));
      case 11 -> Sample.bad("garbage", garbage(random));
      case 12 ->
          Sample.bad(
              "unwritable-number",
              good.replace(
                  "}",
                  ",\"x\":1e"
                      + (random.nextBoolean() ? "-" : "")
                      + (10_000 + random.nextInt(1_000_000))
                      + "}"));
      case 13 ->
          Sample.bad(
              "duplicate-key",
              good.replace("\"channel\":\"web\"", "\"channel\":\"web\",\"channel\":\"app\""));
      case 14 ->
          Sample.bad(
              "amounts-disagree",
              orderJson(id, at, "eu", "EUR", "1.00")
                  .replace("}", ",\"amountMinor\":" + (101 + random.nextInt(1000)) + "}"));
      case 15 ->
          Sample.bad(
              "negative-quantity",
              "{\"type\":\"stock_snapshot\",\"eventId\":\"%s\",\"occurredAt\":\"%s\",\"sku\":\"s\",\"warehouse\":\"w\",\"onHand\":-%d}"
                  .formatted(id, at, 1 + random.nextInt(100)));
      default ->
          Sample.bad(
              "wrong-currency",
              good.replace("\"EUR\"", "\"" + (random.nextBoolean() ? "EURO" : "eu") + "\""));
    };
  }

  private static final String[] REQUIRED = {
    "type", "eventId", "occurredAt", "orderId", "region", "amount", "currency"
  };

  static String orderJson(String id, Instant at, String region, String currency, String amount) {
    return "{\"type\":\"order_created\",\"eventId\":\"%s\",\"orderId\":\"o-%s\",\"occurredAt\":\"%s\",\"region\":\"%s\",\"channel\":\"web\",\"amount\":%s,\"currency\":\"%s\"}"
        .formatted(id, id, at, region, amount, currency);
  }

  private static String cents(Random random) {
    return random.nextInt(100_000) + "." + String.format("%02d", random.nextInt(100));
  }

  private static byte[] invalidUtf8(String json, Random random) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    int at = json.indexOf("web") + 1;
    byte[][] bad = {
      {(byte) 0xC3, (byte) 0x28},
      {(byte) 0xFF},
      {(byte) 0xE2, (byte) 0x82},
      {(byte) 0xF0, (byte) 0x28, (byte) 0x8C, (byte) 0x28}
    };
    byte[] insert = bad[random.nextInt(bad.length)];
    byte[] out = new byte[bytes.length + insert.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(bytes, at, out, at + insert.length, bytes.length - at);
    return out;
  }

  /** Printable and control characters that never form a JSON object, and never a line break. */
  private static String garbage(Random random) {
    StringBuilder text = new StringBuilder("{");
    int n = 1 + random.nextInt(200);
    for (int i = 0; i < n; i++) {
      char c = (char) (random.nextInt(0x2FF) + 1);
      text.append(c == '\n' || c == '\r' ? '?' : c);
    }
    // an unclosed object with junk inside is never valid JSON
    return text.append("{").toString();
  }
}
