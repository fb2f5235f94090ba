package com.opsmon.model.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;

/** One line of an order: a SKU, how many, at what unit price (currency's major unit). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LineItem(String sku, int quantity, BigDecimal unitPrice) {}
