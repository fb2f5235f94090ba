package com.opsmon.model.rules;

import java.util.Optional;

/** Where the rules in force are kept and published (the rules topic, in the product). */
public interface RulesRepository {
  /** The newest published version, if any. */
  Optional<PublishedRules> active();

  /**
   * Checks and publishes a rules file; the jobs apply it within seconds.
   *
   * @throws RulesFile.InvalidRules with every problem, publishing nothing
   */
  PublishedRules publish(String yaml, String publishedBy);

  /** The rules topic of a Kafka cluster. */
  static RulesRepository kafka(String bootstrap, java.time.Clock clock) {
    return new RulesRepository() {
      @Override
      public Optional<PublishedRules> active() {
        return RulesTopic.latest(bootstrap);
      }

      @Override
      public PublishedRules publish(String yaml, String publishedBy) {
        PublishedRules rules =
            PublishedRules.of(RulesFile.parse(yaml, "the rules"), clock.instant(), publishedBy);
        RulesTopic.publish(bootstrap, rules);
        return rules;
      }
    };
  }
}
