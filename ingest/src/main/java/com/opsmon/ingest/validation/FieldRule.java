package com.opsmon.ingest.validation;

import static com.opsmon.model.deadletter.DeadLetterReason.INVALID_VALUE;
import static com.opsmon.model.deadletter.DeadLetterReason.MISSING_FIELD;
import static com.opsmon.model.deadletter.DeadLetterReason.WRONG_TYPE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One field's contract: whether it is required, its JSON type, its allowed values, and how it is
 * normalised. Applying a rule checks the field and rewrites it in place in normalised form.
 */
interface FieldRule {
  int MAX_ID_LENGTH = 256;
  BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");
  Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,63}");

  void apply(ObjectNode event) throws Rejection;

  /** A required identifier: a non-blank string, trimmed. */
  static FieldRule id(String name) {
    return event -> {
      String value = text(event, name, true);
      if (value.length() > MAX_ID_LENGTH) {
        throw new Rejection(
            INVALID_VALUE, name + " is longer than " + MAX_ID_LENGTH + " characters");
      }
      event.put(name, value);
    };
  }

  /** An optional identifier; absent, null or blank is fine (and left as sent). */
  static FieldRule optionalId(String name) {
    return event -> {
      if (sent(event, name)) {
        id(name).apply(event);
      }
    };
  }

  /**
   * A short code such as a region or channel: trimmed, lower-cased, letters/digits/{@code _.:-}. An
   * optional one may be absent, null or blank (and is then left as sent).
   */
  static FieldRule code(String name, boolean required) {
    return event -> {
      if (!required && !sent(event, name)) {
        return;
      }
      String value = text(event, name, true).toLowerCase(Locale.ROOT);
      if (!CODE.matcher(value).matches()) {
        throw new Rejection(
            INVALID_VALUE,
            name
                + " must be a short code of letters, digits and _.:- (got '"
                + abbreviate(value)
                + "')");
      }
      event.put(name, value);
    };
  }

  /** One of a fixed set of lower-case words; an optional one may be absent, null or blank. */
  static FieldRule oneOf(String name, boolean required, Set<String> allowed) {
    return event -> {
      if (!required && !sent(event, name)) {
        return;
      }
      String value = text(event, name, true).toLowerCase(Locale.ROOT);
      if (!allowed.contains(value)) {
        throw new Rejection(
            INVALID_VALUE,
            name + " must be one of " + allowed + " (got '" + abbreviate(value) + "')");
      }
      event.put(name, value);
    };
  }

  /** An ISO 4217 currency code, upper-cased; an optional one may be absent, null or blank. */
  static FieldRule currency(String name, boolean required) {
    return event -> {
      if (!required && !sent(event, name)) {
        return;
      }
      String value = text(event, name, true).toUpperCase(Locale.ROOT);
      if (!Currencies.isKnown(value)) {
        throw new Rejection(
            INVALID_VALUE,
            name + " is not an ISO 4217 currency code (got '" + abbreviate(value) + "')");
      }
      event.put(name, value);
    };
  }

  /**
   * A money amount in the currency's major unit, at most as many decimals as the currency has.
   * {@code <name>Minor} (an integer in minor units, e.g. cents) is accepted instead and converted;
   * sent together with {@code <name>}, both must say the same.
   */
  static FieldRule amount(String name, String currencyField, boolean required) {
    return event -> {
      String minorName = name + "Minor";
      if (present(event, minorName)) {
        long minor = integer(event, minorName);
        Currency currency = currencyOf(event, currencyField, minorName);
        BigDecimal converted =
            BigDecimal.valueOf(minor, Math.max(0, currency.getDefaultFractionDigits()));
        if (!present(event, name)) {
          event.set(name, DecimalNode.valueOf(converted));
        } else if (decimal(event, name).compareTo(converted) != 0) {
          throw new Rejection(
              INVALID_VALUE,
              name
                  + " and "
                  + minorName
                  + " disagree: "
                  + minor
                  + " minor units of "
                  + currency.getCurrencyCode()
                  + " are "
                  + converted.toPlainString()
                  + ", not "
                  + abbreviate(decimal(event, name).toString()));
        }
        event.remove(minorName);
      }
      if (!present(event, name)) {
        if (required) {
          throw new Rejection(MISSING_FIELD, name + " is required");
        }
        return;
      }
      BigDecimal amount = decimal(event, name);
      if (amount.signum() < 0 || amount.compareTo(MAX_AMOUNT) > 0) {
        throw new Rejection(
            INVALID_VALUE,
            name
                + " must be between 0 and "
                + MAX_AMOUNT.toPlainString()
                + " (got "
                // not plain: 1e999999999 would be a billion characters
                + abbreviate(amount.toString())
                + ")");
      }
      Currency currency = currencyOf(event, currencyField, name);
      int digits = Math.max(0, currency.getDefaultFractionDigits());
      if (amount.stripTrailingZeros().scale() > digits) {
        throw new Rejection(
            INVALID_VALUE,
            name
                + " has more decimals than "
                + currency.getCurrencyCode()
                + " allows ("
                + digits
                + ")");
      }
      event.set(
          name,
          DecimalNode.valueOf(
              amount.setScale(Math.max(digits, 0), java.math.RoundingMode.UNNECESSARY)));
    };
  }

  /** A whole number within {@code [min, max]}. */
  static FieldRule integer(String name, boolean required, long min, long max) {
    return event -> {
      if (!present(event, name)) {
        if (required) {
          throw new Rejection(MISSING_FIELD, name + " is required");
        }
        return;
      }
      long value = integer(event, name);
      if (value < min || value > max) {
        throw new Rejection(
            INVALID_VALUE,
            name + " must be between " + min + " and " + max + " (got " + value + ")");
      }
    };
  }

  /** A number within {@code [min, max]}. */
  static FieldRule number(String name, boolean required, double min, double max) {
    return event -> {
      if (!present(event, name)) {
        if (required) {
          throw new Rejection(MISSING_FIELD, name + " is required");
        }
        return;
      }
      double value = decimal(event, name).doubleValue();
      if (!(value >= min && value <= max)) {
        throw new Rejection(
            INVALID_VALUE,
            name + " must be between " + min + " and " + max + " (got " + value + ")");
      }
    };
  }

  /** Order lines: SKU, quantity of at least 1, optional unit price in the order's currency. */
  static FieldRule items(String name, String currencyField) {
    FieldRule sku = id("sku");
    FieldRule quantity = integer("quantity", true, 1, 1_000_000);
    FieldRule unitPrice = amount("unitPrice", currencyField, false);
    return event -> {
      if (!present(event, name)) {
        return;
      }
      JsonNode items = event.get(name);
      if (!items.isArray()) {
        throw new Rejection(WRONG_TYPE, name + " must be an array");
      }
      int i = 0;
      for (JsonNode item : (ArrayNode) items) {
        if (!item.isObject()) {
          throw new Rejection(WRONG_TYPE, name + "[" + i + "] must be an object");
        }
        ObjectNode line = (ObjectNode) item;
        // the line's unit price is in the order's currency: lend it to the line while checking
        JsonNode own = line.get(currencyField);
        if (event.has(currencyField)) {
          line.set(currencyField, event.get(currencyField));
        }
        try {
          sku.apply(line);
          quantity.apply(line);
          unitPrice.apply(line);
        } catch (Rejection r) {
          throw new Rejection(r.reason, name + "[" + i + "]." + r.getMessage());
        } finally {
          if (own == null) {
            line.remove(currencyField);
          } else {
            line.set(currencyField, own);
          }
        }
        i++;
      }
    };
  }

  // ---- helpers

  static boolean present(ObjectNode event, String name) {
    JsonNode node = event.get(name);
    return node != null && !node.isNull();
  }

  /** Whether an optional text field was given: absent, null and blank all mean it was not. */
  static boolean sent(ObjectNode event, String name) {
    JsonNode node = event.get(name);
    return node != null && !node.isNull() && !(node.isTextual() && node.textValue().isBlank());
  }

  static String text(ObjectNode event, String name, boolean required) throws Rejection {
    JsonNode node = event.get(name);
    if (node == null || node.isNull()) {
      throw new Rejection(MISSING_FIELD, name + " is required");
    }
    if (!node.isTextual()) {
      throw new Rejection(WRONG_TYPE, name + " must be a string, not " + kind(node));
    }
    String value = node.textValue().strip();
    if (value.isEmpty() && required) {
      throw new Rejection(MISSING_FIELD, name + " is required and must not be blank");
    }
    return value;
  }

  static long integer(ObjectNode event, String name) throws Rejection {
    JsonNode node = event.get(name);
    if (!node.isNumber()) {
      throw new Rejection(WRONG_TYPE, name + " must be a number, not " + kind(node));
    }
    BigDecimal value = node.decimalValue();
    try {
      return value.longValueExact();
    } catch (ArithmeticException e) {
      throw new Rejection(
          INVALID_VALUE,
          name + " must be a whole number in range (got " + abbreviate(value.toString()) + ")");
    }
  }

  static BigDecimal decimal(ObjectNode event, String name) throws Rejection {
    JsonNode node = event.get(name);
    if (!node.isNumber()) {
      throw new Rejection(WRONG_TYPE, name + " must be a number, not " + kind(node));
    }
    return node.decimalValue();
  }

  private static Currency currencyOf(ObjectNode event, String currencyField, String amountName)
      throws Rejection {
    if (!sent(event, currencyField)) {
      throw new Rejection(MISSING_FIELD, currencyField + " is required with " + amountName);
    }
    JsonNode node = event.get(currencyField);
    if (!(node instanceof TextNode)
        || !Currencies.isKnown(node.textValue().strip().toUpperCase(Locale.ROOT))) {
      throw new Rejection(INVALID_VALUE, currencyField + " is not an ISO 4217 currency code");
    }
    return Currency.getInstance(node.textValue().strip().toUpperCase(Locale.ROOT));
  }

  static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> "null";
    };
  }

  static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "…";
  }
}
