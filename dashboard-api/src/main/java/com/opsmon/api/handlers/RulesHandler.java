package com.opsmon.api.handlers;

import com.opsmon.model.rules.Condition;
import com.opsmon.model.rules.PublishedRules;
import com.opsmon.model.rules.Rule;
import com.opsmon.model.rules.RulesFile;
import com.opsmon.model.rules.RulesRepository;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/rules} shows the rules in force; {@code PUT /api/v1/rules} (a rules file as
 * the body) checks and publishes a new version, which the jobs apply within seconds.
 */
public final class RulesHandler {
  /** A rules file is text a person wrote: a megabyte is plenty. */
  static final int MAX_BYTES = 1 << 20;

  private final RulesRepository rules;

  public RulesHandler(RulesRepository rules) {
    this.rules = rules;
  }

  /** The rules in force, as the jobs read them, and the file's text. */
  public record View(
      String version,
      Instant publishedAt,
      String publishedBy,
      List<Map<String, Object>> rules,
      String source) {}

  public void get(Context ctx) {
    PublishedRules active =
        rules.active().orElseThrow(() -> new NotFoundResponse("no rules have been published"));
    ctx.json(view(active));
  }

  public void put(Context ctx) {
    byte[] body = ctx.bodyAsBytes();
    if (body.length > MAX_BYTES) {
      throw new BadRequestResponse("a rules file may be at most " + MAX_BYTES + " bytes");
    }
    try {
      PublishedRules published =
          rules.publish(new String(body, java.nio.charset.StandardCharsets.UTF_8), "api");
      ctx.status(HttpStatus.OK).json(view(published));
    } catch (RulesFile.InvalidRules e) {
      ctx.status(HttpStatus.BAD_REQUEST)
          .json(
              Map.of(
                  "error",
                  "the rules file has " + e.problems().size() + " problem(s); nothing was applied",
                  "problems",
                  e.problems().stream()
                      .map(
                          p -> Map.of("line", p.line(), "field", p.field(), "message", p.message()))
                      .toList()));
    }
  }

  static View view(PublishedRules published) {
    return new View(
        published.version(),
        published.publishedAt(),
        published.publishedBy(),
        published.rules().rules().stream().map(RulesHandler::describe).toList(),
        published.source());
  }

  private static Map<String, Object> describe(Rule rule) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", rule.name());
    if (rule.kpi() != null) {
      out.put("kpi", rule.kpi());
      out.put("window", rule.window().toString());
      out.put("where", rule.where());
    }
    out.put("severity", rule.severity());
    out.put("labels", rule.labels());
    out.put("summary", rule.summary());
    if (rule.runbook() != null) {
      out.put("runbook", rule.runbook());
    }
    out.put("kind", kind(rule.condition()));
    out.put("condition", rule.condition());
    out.put("maxSeries", rule.maxSeries());
    if (rule.minVolume() != null) {
      out.put("minVolume", rule.minVolume());
    }
    if (rule.groupBy() != null) {
      out.put("groupBy", rule.groupBy());
    }
    if (rule.unless() != null) {
      out.put("unless", rule.unless());
    }
    if (rule.needsData() != null) {
      out.put("needsData", rule.needsData());
    }
    out.put("flapping", rule.flapping());
    return out;
  }

  private static String kind(Condition condition) {
    if (condition instanceof Condition.Threshold) {
      return "threshold";
    } else if (condition instanceof Condition.NoData) {
      return "no_data";
    } else if (condition instanceof Condition.RateOfChange) {
      return "rate_of_change";
    } else if (condition instanceof Condition.Anomaly) {
      return "anomaly";
    }
    return "signal";
  }

  static String duration(Duration d) {
    return d.toString();
  }
}
