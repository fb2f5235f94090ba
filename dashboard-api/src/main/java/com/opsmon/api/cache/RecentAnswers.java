package com.opsmon.api.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Answers kept for a short while: a question asked again within {@code maxAge} is answered from
 * memory, and identical questions that arrive together are worked out once. Every screen of an ops
 * room polls the same charts, and neither the store nor the JSON writer need answer each of them.
 * An answer is at most {@code maxAge} old; a failure is never kept, and a slow answer holds up only
 * the requests for the same question.
 */
public final class RecentAnswers<K, V> {
  /** Short beside a minute window, and every chart polled more often than this shares one read. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);

  private final AsyncCache<K, V> answers;

  /**
   * @param name the cache's name in {@code /metrics} ({@code cache_gets_total{cache=name}})
   * @param maxWeight at most this much remembered over all answers, as {@code weight} counts it
   */
  public RecentAnswers(
      String name,
      Duration maxAge,
      long maxWeight,
      ToIntFunction<V> weight,
      MeterRegistry metrics) {
    this(name, maxAge, maxWeight, weight, metrics, Ticker.systemTicker());
  }

  RecentAnswers(
      String name,
      Duration maxAge,
      long maxWeight,
      ToIntFunction<V> weight,
      MeterRegistry metrics,
      Ticker ticker) {
    this.answers =
        Caffeine.newBuilder()
            .expireAfterWrite(maxAge)
            .maximumWeight(maxWeight)
            .<K, V>weigher((key, value) -> Math.max(1, weight.applyAsInt(value)))
            .ticker(ticker)
            .recordStats()
            .buildAsync();
    CaffeineCacheMetrics.monitor(metrics, answers, name);
  }

  /** The answer to {@code question}: remembered, or worked out by {@code answer} now. */
  public V get(K question, Function<K, V> answer) {
    CompletableFuture<V> known = answers.getIfPresent(question); // a hit or a miss
    if (known == null) {
      CompletableFuture<V> mine = new CompletableFuture<>();
      known = answers.asMap().putIfAbsent(question, mine);
      if (known == null) {
        // worked out on the asking thread (one of the API's): no pool of its own to size or block
        try {
          mine.complete(answer.apply(question));
        } catch (RuntimeException e) {
          mine.completeExceptionally(e); // the cache drops a failed answer at once
          throw e;
        }
        return mine.join();
      }
    }
    try {
      return known.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }
}
