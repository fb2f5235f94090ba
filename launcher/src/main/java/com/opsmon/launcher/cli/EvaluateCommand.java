package com.opsmon.launcher.cli;

import com.opsmon.launcher.evaluate.Evaluation;
import com.opsmon.launcher.evaluate.Scorecard;
import com.opsmon.model.config.Durations;
import com.opsmon.model.rules.DefaultRules;
import com.opsmon.model.rules.RuleSet;
import com.opsmon.model.rules.RulesFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code opsmon evaluate}: runs the real stream jobs and rules over a simulated period and scores
 * the alerts against what was injected.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Run the stream jobs and the alert rules over a simulated period (opsmon simulate) and say,",
      "per incident, whether and when it was detected, and which alerts match no incident."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--events", required = true, description = "The events (NDJSON).")
  Path events;

  @Option(names = "--truth", required = true, description = "The ground truth (JSON).")
  Path truth;

  @Option(names = "--rules", description = "A rules file (default: the default rules).")
  Path rules;

  @Option(
      names = "--out-of-orderness",
      defaultValue = "5s",
      description = "How far out of order events may come (default ${DEFAULT-VALUE}).")
  String outOfOrderness;

  @Override
  public Integer call() throws Exception {
    RuleSet ruleSet =
        rules == null
            ? DefaultRules.load()
            : RulesFile.parse(Files.readString(rules, StandardCharsets.UTF_8), rules.toString());
    Scorecard card =
        Evaluation.run(events, truth, ruleSet, Durations.parse(outOfOrderness), System.err);
    Evaluation.print(card, System.out);
    return 0;
  }
}
