package com.opsmon.model.kpi;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every KPI the monitor computes, each defined once. The jobs emit exactly these, the store and the
 * API serve exactly these, and docs/KPIS.md is checked against this list.
 */
public final class KpiCatalog {
  public static final Duration MINUTE = Duration.ofMinutes(1);
  public static final Duration HOUR = Duration.ofHours(1);
  public static final Duration DAY = Duration.ofDays(1);

  /** What an ops room watches a flow at: the minute, and 5-minute, 15-minute and hourly views. */
  public static final List<Duration> VIEWS =
      List.of(MINUTE, Duration.ofMinutes(5), Duration.ofMinutes(15), HOUR);

  /** A level read at the end of each minute (a backlog, a stock): no longer views. */
  public static final List<Duration> EACH_MINUTE = List.of(MINUTE);

  /** Stock ratios that need hours of sales to mean anything. */
  public static final List<Duration> HOURS_AND_DAYS = List.of(HOUR, DAY);

  // tag names
  public static final String REGION = "region";
  public static final String CHANNEL = "channel";
  public static final String CURRENCY = "currency";
  public static final String WAREHOUSE = "warehouse";
  public static final String STAGE = "stage";
  public static final String QUANTILE = "quantile";
  public static final String SKU = "sku";
  public static final String SERVICE = "service";
  public static final String ENDPOINT = "endpoint";
  public static final String KIND = "kind";
  public static final String SOURCE = "source";

  private static final Map<String, KpiDefinition> BY_NAME = new LinkedHashMap<>();

  private static KpiDefinition kpi(
      String name,
      String unit,
      List<String> tags,
      List<String> totalled,
      List<Duration> windows,
      String description,
      String example) {
    KpiDefinition definition =
        new KpiDefinition(name, description, unit, tags, totalled, windows, example);
    if (BY_NAME.put(name, definition) != null) {
      throw new IllegalStateException("KPI " + name + " defined twice");
    }
    return definition;
  }

  private static final List<String> REGION_CHANNEL = List.of(REGION, CHANNEL);
  private static final List<String> WAREHOUSE_REGION = List.of(WAREHOUSE, REGION);
  private static final List<String> SKU_WAREHOUSE = List.of(SKU, WAREHOUSE);
  private static final List<String> SERVICE_ENDPOINT_REGION = List.of(SERVICE, ENDPOINT, REGION);
  private static final List<String> CHANNEL_KIND_REGION = List.of(CHANNEL, KIND, REGION);

  // ---- orders -------------------------------------------------------------------------------
  public static final KpiDefinition ORDERS =
      kpi(
          "orders",
          "orders",
          REGION_CHANNEL,
          REGION_CHANNEL,
          VIEWS,
          "Orders created (order_created events) in the window.",
          "orders{region=eu, channel=all} = 42: eu took 42 orders on every channel that minute");
  public static final KpiDefinition REVENUE =
      kpi(
          "revenue",
          "currency (major unit)",
          List.of(REGION, CHANNEL, CURRENCY),
          REGION_CHANNEL,
          VIEWS,
          "Sum of the amounts of orders created in the window, per currency, summed exactly"
              + " (never across currencies).",
          "revenue{region=us, channel=web, currency=USD} = 1234.50");
  public static final KpiDefinition AVG_ORDER_VALUE =
      kpi(
          "avg_order_value",
          "currency (major unit)",
          List.of(REGION, CHANNEL, CURRENCY),
          REGION_CHANNEL,
          VIEWS,
          "Revenue ÷ orders created in the window, per currency.",
          "avg_order_value{region=eu, channel=app, currency=EUR} = 58.20");
  public static final KpiDefinition PAYMENT_FAILURE_RATE =
      kpi(
          "payment_failure_rate",
          "ratio 0–1",
          REGION_CHANNEL,
          REGION_CHANNEL,
          VIEWS,
          "payment_failed ÷ (payment_authorized + payment_failed) in the window; no point when"
              + " no payment was attempted.",
          "payment_failure_rate{region=eu, channel=all} = 0.02: 2% of payment attempts failed");
  public static final KpiDefinition CANCELLATION_RATE =
      kpi(
          "cancellation_rate",
          "ratio",
          REGION_CHANNEL,
          REGION_CHANNEL,
          VIEWS,
          "order_cancelled ÷ order_created in the window (cancellations of earlier orders count"
              + " too, so it can exceed 1 in a quiet window); no point without orders.",
          "cancellation_rate{region=jp, channel=all} = 0.05");
  public static final KpiDefinition RETURN_RATE =
      kpi(
          "return_rate",
          "ratio",
          REGION_CHANNEL,
          REGION_CHANNEL,
          VIEWS,
          "order_returned ÷ order_delivered in the window; no point without deliveries.",
          "return_rate{region=us, channel=marketplace} = 0.08");

  // ---- fulfilment ---------------------------------------------------------------------------
  public static final KpiDefinition ORDER_CYCLE_TIME =
      kpi(
          "order_cycle_time",
          "s",
          List.of(WAREHOUSE, REGION, STAGE, QUANTILE),
          WAREHOUSE_REGION,
          VIEWS,
          "Time from order_created to order_shipped (stage=shipped) or order_delivered"
              + " (stage=delivered), quantile p50, p90 or p99 over the orders that reached the"
              + " stage in the window (a mergeable HdrHistogram sketch, values within 1%).",
          "order_cycle_time{warehouse=ams-1, region=all, stage=shipped, quantile=p90} = 14400");
  public static final KpiDefinition SHIPMENTS =
      kpi(
          "shipments",
          "orders",
          WAREHOUSE_REGION,
          WAREHOUSE_REGION,
          VIEWS,
          "Orders shipped (order_shipped events) in the window.",
          "shipments{warehouse=fra-1, region=all} = 17");
  public static final KpiDefinition OPEN_ORDERS =
      kpi(
          "open_orders",
          "orders",
          WAREHOUSE_REGION,
          WAREHOUSE_REGION,
          EACH_MINUTE,
          "The backlog at the end of the minute: orders created and not yet shipped, cancelled"
              + " or refused payment (an order with no news for the retention, 7 days by default,"
              + " is dropped).",
          "open_orders{warehouse=nyc-1, region=us} = 230");
  public static final KpiDefinition AWAITING_SHIPMENT =
      kpi(
          "awaiting_shipment",
          "orders",
          WAREHOUSE_REGION,
          WAREHOUSE_REGION,
          EACH_MINUTE,
          "The queue at the dispatch dock at the end of the minute: orders picked (order_picked)"
              + " and not yet shipped, cancelled or refused payment (a pick reported after the"
              + " order left counts nowhere; an order with no news for the retention is dropped).",
          "awaiting_shipment{warehouse=lax-1, region=all} = 64");
  public static final KpiDefinition SLA_BREACHES =
      kpi(
          "sla_breaches",
          "orders",
          WAREHOUSE_REGION,
          WAREHOUSE_REGION,
          VIEWS,
          "Orders whose shipping SLA (per warehouse, from order_created; 24 h by default)"
              + " expired in the window before they shipped, were cancelled or refused payment; each"
              + " also raises an order_sla_breach signal the moment it expires. A shipment reported"
              + " late that happened in time withdraws its breach.",
          "sla_breaches{warehouse=ams-1, region=all} = 3");

  // ---- inventory ----------------------------------------------------------------------------
  public static final KpiDefinition ON_HAND =
      kpi(
          "on_hand",
          "units",
          SKU_WAREHOUSE,
          List.of(SKU),
          EACH_MINUTE,
          "Units in stock at the end of the minute (the latest stock_snapshot plus the deltas"
              + " since; no point before a SKU's first snapshot); sku=all is the warehouse total."
              + " SKUs beyond the tag cap (200,000) share one cell, sku=other, whose level mixes"
              + " their snapshots (approximate) and which never signals a stock-out.",
          "on_hand{sku=SKU-0001, warehouse=ams-1} = 112");
  public static final KpiDefinition STOCK_OUTS =
      kpi(
          "stock_outs",
          "SKUs",
          SKU_WAREHOUSE,
          List.of(SKU),
          VIEWS,
          "Times on-hand reached 0 in the window, a SKU first seen at 0 included (each also"
              + " raises a stock_out signal naming the SKU); sku=all counts them per warehouse.",
          "stock_outs{sku=all, warehouse=fra-1} = 1");
  public static final KpiDefinition LOW_STOCK =
      kpi(
          "low_stock",
          "SKUs",
          SKU_WAREHOUSE,
          List.of(SKU),
          EACH_MINUTE,
          "1 when on-hand is below the SKU's reorder point at the end of the minute, else 0;"
              + " sku=all counts the SKUs below it per warehouse.",
          "low_stock{sku=all, warehouse=sgp-1} = 4");
  public static final KpiDefinition DAYS_OF_COVER =
      kpi(
          "days_of_cover",
          "days",
          SKU_WAREHOUSE,
          List.of(SKU),
          HOURS_AND_DAYS,
          "On-hand at the end of the window ÷ units sold (stock_sold) per day over the 24 hours"
              + " before it; no point without sales.",
          "days_of_cover{sku=SKU-0007, warehouse=tyo-1} = 3.5");
  public static final KpiDefinition INVENTORY_TURNOVER =
      kpi(
          "inventory_turnover",
          "turns",
          SKU_WAREHOUSE,
          List.of(SKU),
          HOURS_AND_DAYS,
          "Units sold (stock_sold) in the window ÷ average on-hand over it (time-weighted, a SKU"
              + " counting from its first stock_snapshot); no point without stock.",
          "inventory_turnover{sku=all, warehouse=ams-1, window=P1D} = 0.12");
  public static final KpiDefinition SELL_THROUGH =
      kpi(
          "sell_through",
          "ratio 0–1",
          SKU_WAREHOUSE,
          List.of(SKU),
          HOURS_AND_DAYS,
          "Units sold (stock_sold) ÷ (on-hand at the window's start + units received"
              + " (stock_received) in it); no point when both are 0.",
          "sell_through{sku=SKU-0003, warehouse=lax-1} = 0.25");

  // ---- technical services -------------------------------------------------------------------
  public static final KpiDefinition SERVICE_REQUESTS =
      kpi(
          "service_requests",
          "requests",
          SERVICE_ENDPOINT_REGION,
          SERVICE_ENDPOINT_REGION,
          VIEWS,
          "Requests to the service in the window (service_call events, plus the counts of"
              + " service_sample events).",
          "service_requests{service=payments, endpoint=all, region=eu} = 640");
  public static final KpiDefinition SERVICE_ERROR_RATE =
      kpi(
          "service_error_rate",
          "ratio 0–1",
          SERVICE_ENDPOINT_REGION,
          SERVICE_ENDPOINT_REGION,
          VIEWS,
          "Requests that failed on the server's side (status 5xx, or 408 timeout; the errors of"
              + " service_sample events) ÷ requests.",
          "service_error_rate{service=search, endpoint=all, region=all} = 0.004");
  public static final KpiDefinition SERVICE_LATENCY_P50 = latency("p50", "median");
  public static final KpiDefinition SERVICE_LATENCY_P95 = latency("p95", "95th percentile");
  public static final KpiDefinition SERVICE_LATENCY_P99 = latency("p99", "99th percentile");
  public static final KpiDefinition AVAILABILITY =
      kpi(
          "availability",
          "ratio 0–1",
          SERVICE_ENDPOINT_REGION,
          SERVICE_ENDPOINT_REGION,
          VIEWS,
          "Requests served without a server-side failure ÷ requests (1 − service_error_rate).",
          "availability{service=checkout, endpoint=all, region=all} = 0.9993");

  private static KpiDefinition latency(String quantile, String what) {
    return kpi(
        "service_latency_" + quantile,
        "ms",
        SERVICE_ENDPOINT_REGION,
        SERVICE_ENDPOINT_REGION,
        VIEWS,
        "The "
            + what
            + " of request latency in the window, from a mergeable HdrHistogram sketch (within"
            + " 1% from 5 ms up, 0.05 ms below). A service_sample adds its count as values that"
            + " reproduce its p50 and p99, log-normal between them: an approximation, since a"
            + " sample says nothing of its latency below p50 or above p99.",
        "service_latency_" + quantile + "{service=payments, endpoint=all, region=eu} = 180");
  }

  // ---- customer service ---------------------------------------------------------------------
  public static final KpiDefinition TICKETS_OPENED =
      kpi(
          "tickets_opened",
          "tickets",
          CHANNEL_KIND_REGION,
          CHANNEL_KIND_REGION,
          VIEWS,
          "Customer-service tickets opened (inquiry, complaint, return_request) in the window.",
          "tickets_opened{channel=all, kind=complaint, region=eu} = 6");
  public static final KpiDefinition COMPLAINT_RATE =
      kpi(
          "complaint_rate",
          "complaints per 100 orders",
          REGION_CHANNEL,
          REGION_CHANNEL,
          VIEWS,
          "Complaint tickets opened ÷ orders created in the window × 100; no point without"
              + " orders.",
          "complaint_rate{region=us, channel=all} = 1.8");
  public static final KpiDefinition FIRST_RESPONSE_TIME =
      kpi(
          "first_response_time",
          "s",
          List.of(CHANNEL, KIND, REGION, QUANTILE),
          CHANNEL_KIND_REGION,
          VIEWS,
          "Time from ticket_opened to the ticket's first ticket_first_response, quantile p50 or"
              + " p90 over the tickets answered in the window (HdrHistogram, within 1%).",
          "first_response_time{channel=all, kind=all, region=eu, quantile=p90} = 1800");
  public static final KpiDefinition RESOLUTION_TIME =
      kpi(
          "resolution_time",
          "s",
          List.of(CHANNEL, KIND, REGION, QUANTILE),
          CHANNEL_KIND_REGION,
          VIEWS,
          "Time from ticket_opened (for a reopened ticket, from its latest ticket_reopened) to"
              + " ticket_resolved, quantile p50 or p90 over the tickets resolved in the window"
              + " (HdrHistogram, within 1%).",
          "resolution_time{channel=app, kind=complaint, region=all, quantile=p50} = 86400");
  public static final KpiDefinition OPEN_TICKETS =
      kpi(
          "open_tickets",
          "tickets",
          CHANNEL_KIND_REGION,
          CHANNEL_KIND_REGION,
          EACH_MINUTE,
          "Tickets opened (or reopened) and not resolved at the end of the minute (tickets"
              + " untouched for 30 days are dropped); a series whose last ticket closed has one 0"
              + " point, then none until a ticket opens. When event time jumps ahead (live traffic"
              + " after a backfill), minutes it leaves more than the allowed lateness behind get no"
              + " point.",
          "open_tickets{channel=all, kind=all, region=all} = 57");
  public static final KpiDefinition CSAT =
      kpi(
          "csat",
          "score 1–5",
          CHANNEL_KIND_REGION,
          CHANNEL_KIND_REGION,
          VIEWS,
          "Mean satisfaction of the tickets resolved in the window; no point without a score."
              + " Like every ticket KPI, a ticket's later events count under the channel and kind"
              + " it was opened with.",
          "csat{channel=all, kind=complaint, region=all} = 3.4");
  public static final KpiDefinition CSAT_LOW_SHARE =
      kpi(
          "csat_low_share",
          "ratio 0–1",
          CHANNEL_KIND_REGION,
          CHANNEL_KIND_REGION,
          VIEWS,
          "Share of the satisfaction scores in the window that are 1 or 2.",
          "csat_low_share{channel=all, kind=all, region=us} = 0.12");
  public static final KpiDefinition REOPEN_RATE =
      kpi(
          "reopen_rate",
          "ratio",
          CHANNEL_KIND_REGION,
          CHANNEL_KIND_REGION,
          VIEWS,
          "ticket_reopened ÷ ticket_resolved in the window; no point without resolutions.",
          "reopen_rate{channel=all, kind=all, region=all} = 0.03");

  // ---- storefront ---------------------------------------------------------------------------
  public static final KpiDefinition SESSIONS =
      kpi(
          "sessions",
          "sessions",
          REGION_CHANNEL,
          REGION_CHANNEL,
          VIEWS,
          "Storefront sessions started in the window.",
          "sessions{region=eu, channel=web} = 1200");
  public static final KpiDefinition CHECKOUT_STARTS =
      kpi(
          "checkout_starts",
          "sessions",
          REGION_CHANNEL,
          REGION_CHANNEL,
          VIEWS,
          "Checkouts started in the window.",
          "checkout_starts{region=eu, channel=web} = 96");
  public static final KpiDefinition CONVERSION =
      kpi(
          "conversion",
          "ratio 0–1",
          REGION_CHANNEL,
          REGION_CHANNEL,
          VIEWS,
          "Orders created ÷ sessions started in the window; no point without sessions.",
          "conversion{region=us, channel=all} = 0.031");
  public static final KpiDefinition CHECKOUT_ABANDONMENT =
      kpi(
          "checkout_abandonment",
          "ratio",
          REGION_CHANNEL,
          REGION_CHANNEL,
          VIEWS,
          "1 − orders created ÷ checkouts started in the window; no point without checkouts. An"
              + " order follows its checkout by a minute or two, so a quiet minute can read below"
              + " 0; longer views are steadier.",
          "checkout_abandonment{region=apac, channel=all} = 0.62");

  // ---- data health --------------------------------------------------------------------------
  public static final KpiDefinition EVENTS_IN =
      kpi(
          "events_in",
          "events",
          List.of(SOURCE, REGION),
          List.of(REGION),
          VIEWS,
          "Valid events received per topic (source = orders, inventory, service (calls and"
              + " tickets), storefront) and region (unknown for events without one) in the window"
              + " of their event time, corrected by late events like any KPI; events beyond the"
              + " allowed lateness are only in late_events. Tells \"no orders\" from \"no data\".",
          "events_in{source=orders, region=jp} = 35");
  public static final KpiDefinition LATE_EVENTS =
      kpi(
          "late_events",
          "events",
          List.of(SOURCE, REGION),
          List.of(REGION),
          VIEWS,
          "Events that arrived after their own minute had closed (their source's watermark had"
              + " passed its end), counted in the minute event time was in when they arrived:"
              + " corrected ones (within the allowed lateness) and too_late ones alike; no point"
              + " for a minute without late events.",
          "late_events{source=orders, region=all} = 2");
  public static final KpiDefinition WATERMARK_LAG =
      kpi(
          "watermark_lag",
          "s",
          List.of(SOURCE, REGION),
          List.of(REGION),
          EACH_MINUTE,
          "How far the source's event time (its watermark) trails the wall clock when the"
              + " minute closes (region=all only; when event time jumps over several minutes, a"
              + " point for the last of them): large during a backfill or while the job falls"
              + " behind. A silent source's event time follows the clock after the idle timeout, so"
              + " its lag then holds near the out-of-orderness; silence shows in events_in.",
          "watermark_lag{source=orders, region=all} = 6.2");

  private static final List<KpiDefinition> ALL = List.copyOf(BY_NAME.values());

  private KpiCatalog() {}

  public static List<KpiDefinition> all() {
    return ALL;
  }

  public static Optional<KpiDefinition> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }
}
