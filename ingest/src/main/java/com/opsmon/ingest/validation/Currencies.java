package com.opsmon.ingest.validation;

import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

/** The ISO 4217 codes this JVM knows. */
final class Currencies {
  private static final Set<String> CODES =
      Currency.getAvailableCurrencies().stream()
          .map(Currency::getCurrencyCode)
          .collect(Collectors.toUnmodifiableSet());

  private Currencies() {}

  static boolean isKnown(String code) {
    return CODES.contains(code);
  }
}
