package com.opsmon.jobs.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.rules.PublishedRules;
import com.opsmon.model.rules.RulesFile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rule evaluator driven by hand: points, rules versions and event time pushed explicitly. */
class EvaluateRulesTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static final String TOO_MANY =
      """
      rules:
        - name: too_many_orders
          kpi: orders
          where: {region: "*"}
          severity: warning
          threshold: {above: 10}
      """;

  private KeyedBroadcastOperatorTestHarness<String, KpiPoint, PublishedRules, AlertSignal> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new EvaluateRules(), EvaluateRules::key, Types.STRING, EvaluateRules.RULES);
    harness.open();
    // the rules carry no event time: in the product their source says "end of time" at once
    harness.processBroadcastWatermark(Long.MAX_VALUE);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void publish(String yaml, int version) throws Exception {
    harness.processBroadcastElement(
        new PublishedRules(
            RulesFile.parse(yaml, "test").version(), T0.plusSeconds(version), "test", yaml),
        0);
  }

  private void orders(int minute, String region, double value) throws Exception {
    Instant start = T0.plus(MINUTE.multipliedBy(minute));
    harness.processElement(
        new KpiPoint("orders", start, MINUTE, Map.of("region", region, "channel", "all"), value),
        start.plus(MINUTE).toEpochMilli() - 1);
  }

  private void closeMinute(int minute) throws Exception {
    harness.processWatermark(
        new Watermark(T0.plus(MINUTE.multipliedBy(minute + 1)).toEpochMilli() - 1));
  }

  /** The points as {@link CopyVolumes} passes them on under these rules: each, and its copies. */
  private static List<KpiPoint> copyVolumes(String yaml, long time, List<KpiPoint> points)
      throws Exception {
    try (BroadcastOperatorTestHarness<KpiPoint, PublishedRules, KpiPoint> copies =
        ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
            new CopyVolumes(), EvaluateRules.RULES)) {
      copies.open();
      copies.processBroadcastElement(
          new PublishedRules(RulesFile.parse(yaml, "test").version(), T0, "test", yaml), 0);
      for (KpiPoint point : points) {
        copies.processElement(point, time);
      }
      return copies.extractOutputValues();
    }
  }

  private List<String> told() {
    List<String> out =
        harness.extractOutputValues().stream()
            .map(s -> s.rule() + " " + s.labels().get("region") + " " + s.status())
            .toList();
    harness.getOutput().clear();
    return out;
  }

  @Test
  void shouldKeepWhatARuleLearnedWhenANewVersionKeepsItAndResolveWhenOneRemovesIt()
      throws Exception {
    publish(TOO_MANY, 1);
    orders(0, "eu", 12);
    orders(0, "us", 3);
    closeMinute(0);
    assertThat(told()).containsExactly("too_many_orders eu FIRING");

    // a new version adds a rule and keeps this one: eu stays firing, nothing is told again
    publish(
        TOO_MANY
            + """
              - name: orders_stopped
                kpi: orders
                where: {region: "*"}
                severity: critical
                no_data: {for: 1m}
            """,
        2);
    orders(1, "eu", 13);
    orders(1, "us", 4);
    closeMinute(1);
    assertThat(told()).isEmpty();

    // a version without it resolves what it had firing, and forgets it
    publish(
        """
        rules:
          - name: orders_stopped
            kpi: orders
            where: {region: "*"}
            severity: critical
            no_data: {for: 1m}
        """,
        3);
    assertThat(told()).containsExactly("too_many_orders eu RESOLVED");
    orders(2, "eu", 14);
    orders(2, "us", 4);
    closeMinute(2);
    assertThat(told()).isEmpty();
  }

  @Test
  void shouldJudgeARatioOnlyInTheWindowsOfItsSeriesWithEnoughVolume() throws Exception {
    String guarded =
        """
        rules:
          - name: payments_failing
            kpi: payment_failure_rate
            where: {region: "*"}
            severity: critical
            min_volume: {kpi: orders, at_least: 5}
            threshold: {above: 0.5}
        """;
    publish(guarded, 0);
    Instant start = T0;
    long time = start.plus(MINUTE).toEpochMilli() - 1;
    // eu: every payment of two orders failed; us: 8 of 10 failed
    List<KpiPoint> routed =
        copyVolumes(
            guarded,
            time,
            List.of(
                new KpiPoint("orders", start, MINUTE, Map.of("region", "eu", "channel", "all"), 2),
                new KpiPoint(
                    "payment_failure_rate",
                    start,
                    MINUTE,
                    Map.of("region", "eu", "channel", "all"),
                    1),
                new KpiPoint("orders", start, MINUTE, Map.of("region", "us", "channel", "all"), 10),
                new KpiPoint(
                    "payment_failure_rate",
                    start,
                    MINUTE,
                    Map.of("region", "us", "channel", "all"),
                    0.8)));
    // every point passes; the orders are also copied to where the ratio is judged
    assertThat(routed).hasSize(6);
    for (KpiPoint point : routed) {
      harness.processElement(point, time);
    }
    closeMinute(0);

    // two orders are too few to call a failure rate of 100% an outage; ten are enough
    assertThat(told()).containsExactly("payments_failing us FIRING");
  }

  @Test
  void shouldNotJudgeAWindowThatItsUnlessKpiExcuses() throws Exception {
    String excused =
        """
        rules:
          - name: few_orders
            kpi: orders
            where: {region: "*"}
            severity: warning
            unless: {kpi: sessions, above: 100}
            threshold: {below: 5}
        """;
    publish(excused, 0);
    long time = T0.plus(MINUTE).toEpochMilli() - 1;
    // eu: 2 orders while its sessions say something else is wrong (excused); us: 2 orders, calm
    List<KpiPoint> routed =
        copyVolumes(
            excused,
            time,
            List.of(
                new KpiPoint("orders", T0, MINUTE, Map.of("region", "eu", "channel", "all"), 2),
                new KpiPoint("sessions", T0, MINUTE, Map.of("region", "eu", "channel", "all"), 500),
                new KpiPoint("orders", T0, MINUTE, Map.of("region", "us", "channel", "all"), 2),
                new KpiPoint(
                    "sessions", T0, MINUTE, Map.of("region", "us", "channel", "all"), 40)));
    for (KpiPoint point : routed) {
      harness.processElement(point, time);
    }
    closeMinute(0);

    assertThat(told()).containsExactly("few_orders us FIRING");
  }

  @Test
  void shouldCountAWindowWithAQueueAndNoDeparturesAsNoneLeft() throws Exception {
    String dock =
        """
        rules:
          - name: shipments_stopped
            kpi: shipments
            where: {warehouse: "*"}
            severity: critical
            min_volume: {kpi: awaiting_shipment, at_least: 1}
            rate_of_change: {windows: 30, fall: 0.8, surprise: 1.0e-5, departures: true}
        """;
    publish(dock, 0);
    Map<String, String> ams = Map.of("warehouse", "ams-1", "region", "all");
    for (int m = 0; m < 90; m++) {
      Instant start = T0.plus(MINUTE.multipliedBy(m));
      long time = start.plus(MINUTE).toEpochMilli() - 1;
      List<KpiPoint> points = new ArrayList<>();
      points.add(new KpiPoint("awaiting_shipment", start, MINUTE, ams, 60));
      if (m < 60) {
        // a parcel of the 61 there leaves each minute; then none (no shipments point at all)
        points.add(new KpiPoint("shipments", start, MINUTE, ams, 1));
      }
      for (KpiPoint point : copyVolumes(dock, time, points)) {
        harness.processElement(point, time);
      }
      closeMinute(m);
    }

    assertThat(told()).containsExactly("shipments_stopped all FIRING");
  }

  @Test
  void shouldNotJudgeTheWindowsOfARegionWhoseDataStoppedComing() throws Exception {
    String dock =
        """
        rules:
          - name: shipments_stopped
            kpi: shipments
            where: {warehouse: "*", region: "*"}
            severity: critical
            min_volume: {kpi: awaiting_shipment, at_least: 1}
            needs_data: {kpi: events_in, where: {source: storefront}}
            rate_of_change: {windows: 30, fall: 0.8, surprise: 1.0e-5, departures: true}
        """;
    publish(dock, 0);
    Map<String, String> ams = Map.of("warehouse", "ams-1", "region", "eu");
    Map<String, String> nyc = Map.of("warehouse", "nyc-1", "region", "us");
    for (int m = 0; m < 90; m++) {
      Instant start = T0.plus(MINUTE.multipliedBy(m));
      long time = start.plus(MINUTE).toEpochMilli() - 1;
      List<KpiPoint> points = new ArrayList<>();
      for (Map<String, String> dockOf : List.of(ams, nyc)) {
        // the queue is read from state every minute, whether events come or not
        points.add(new KpiPoint("awaiting_shipment", start, MINUTE, dockOf, 60));
        if (m < 60) {
          points.add(new KpiPoint("shipments", start, MINUTE, dockOf, 1));
        }
      }
      // after minute 60 nothing ships anywhere; eu's feed has stopped (its order events, which
      // the guard does not read, come on), us's has not
      points.add(
          new KpiPoint(
              "events_in", start, MINUTE, Map.of("source", "storefront", "region", "us"), 90));
      points.add(
          new KpiPoint("events_in", start, MINUTE, Map.of("source", "orders", "region", "eu"), 40));
      if (m < 60) {
        points.add(
            new KpiPoint(
                "events_in", start, MINUTE, Map.of("source", "storefront", "region", "eu"), 90));
      }
      for (KpiPoint point : copyVolumes(dock, time, points)) {
        harness.processElement(point, time);
      }
      closeMinute(m);
    }

    assertThat(told()).containsExactly("shipments_stopped us FIRING");
  }

  @Test
  void shouldJudgeAWindowOnceAndIgnoreItsLateCorrections() throws Exception {
    publish(TOO_MANY, 1);
    orders(0, "eu", 5);
    closeMinute(0);
    // minute 0 corrected after it was judged: an alert does not flip on a straggler
    orders(0, "eu", 50);
    orders(1, "eu", 5);
    closeMinute(1);

    assertThat(told()).isEmpty();
  }

  @Test
  void shouldWaitForTheFirstRulesBeforeJudgingPointsThatCameFirst() throws Exception {
    orders(0, "eu", 12);
    publish(TOO_MANY, 1);
    closeMinute(0);

    assertThat(told()).containsExactly("too_many_orders eu FIRING");
  }

  @Test
  void shouldJudgeWindowsThatClosedBeforeTheFirstRulesOnceTheyArriveInOrder() throws Exception {
    harness.setProcessingTime(0);
    orders(0, "eu", 12);
    closeMinute(0);
    orders(1, "eu", 3);
    closeMinute(1);
    harness.setProcessingTime(5_000);
    assertThat(told()).isEmpty();

    publish(TOO_MANY, 1);
    harness.setProcessingTime(10_000);

    // minute 0 fires, minute 1 resolves: judged in order, not lost
    assertThat(told()).containsExactly("too_many_orders eu FIRING", "too_many_orders eu RESOLVED");
    orders(1, "eu", 30);
    closeMinute(2);
    assertThat(told()).isEmpty();
  }

  @Test
  void shouldCapTheSeriesOfARuleAndSayItOnce() throws Exception {
    publish(
        """
        rules:
          - name: too_many_orders
            kpi: orders
            where: {region: "*"}
            severity: warning
            max_series: 2
            threshold: {above: 10}
        """,
        1);
    for (int i = 0; i < 5; i++) {
      orders(0, "r" + i, 20);
    }
    closeMinute(0);

    assertThat(harness.extractOutputValues())
        .extracting(s -> s.labels().containsKey("capped"))
        .containsExactlyInAnyOrder(false, false, true);
  }

  @Test
  void shouldRaiseOneAlertForAGroupWithTheFirstSeriesAndResolveItWithTheLast() throws Exception {
    String grouped = TOO_MANY.replace("threshold:", "group_by: []\n    threshold:");
    publish(grouped, 1);
    orders(0, "eu", 12);
    orders(0, "us", 3);
    closeMinute(0);
    assertThat(told()).containsExactly("too_many_orders eu FIRING");

    // us joins the alert eu raised; eu recovering does not resolve it while us still fires
    orders(1, "eu", 13);
    orders(1, "us", 14);
    closeMinute(1);
    orders(2, "eu", 3);
    orders(2, "us", 15);
    closeMinute(2);
    assertThat(told()).isEmpty();

    orders(3, "eu", 3);
    orders(3, "us", 2);
    closeMinute(3);
    assertThat(told()).containsExactly("too_many_orders eu RESOLVED");

    // the group is over: the next series to fire raises a new alert under its own labels
    orders(4, "us", 20);
    orders(4, "eu", 2);
    closeMinute(4);
    assertThat(told()).containsExactly("too_many_orders us FIRING");
  }

  @Test
  void shouldResolveAGroupOnceWhenANewVersionRemovesItsRule() throws Exception {
    publish(TOO_MANY.replace("threshold:", "group_by: [channel]\n    threshold:"), 1);
    orders(0, "eu", 12);
    orders(0, "us", 13);
    closeMinute(0);
    assertThat(told()).hasSize(1);

    publish(
        """
        rules:
          - name: orders_stopped
            kpi: orders
            where: {region: "*"}
            severity: critical
            no_data: {for: 1m}
        """,
        2);

    assertThat(told()).hasSize(1).allMatch(s -> s.endsWith("RESOLVED"));
  }
}
