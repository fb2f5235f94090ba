package com.opsmon.api.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.store.KpiQuery;
import com.opsmon.store.KpiReader;
import com.opsmon.store.query.AdHocQuery;
import com.opsmon.store.query.QueryResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A {@link KpiReader} that answers a series query asked again within {@code maxAge} from memory,
 * and asks the store once for identical queries that arrive together: every screen of an ops room
 * polls the same charts, and the store need not answer each of them. An answer is at most {@code
 * maxAge} older than the store. Ad-hoc queries and pings always go to the store; a store failure is
 * never remembered, and a slow read holds up only the requests for the same query.
 */
public final class RecentSeries implements KpiReader {
  /** Short beside a minute window, and every chart polled more often than this shares one read. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);

  /** Points remembered at most, over all answers: tens of MB, whatever is asked. */
  static final long MAX_POINTS = 250_000;

  private final KpiReader store;
  private final AsyncCache<KpiQuery, List<KpiPoint>> answers;

  public RecentSeries(KpiReader store, Duration maxAge, MeterRegistry metrics) {
    this(store, maxAge, metrics, Ticker.systemTicker());
  }

  RecentSeries(KpiReader store, Duration maxAge, MeterRegistry metrics, Ticker ticker) {
    this.store = store;
    this.answers =
        Caffeine.newBuilder()
            .expireAfterWrite(maxAge)
            .maximumWeight(MAX_POINTS)
            .<KpiQuery, List<KpiPoint>>weigher((query, points) -> Math.max(1, points.size()))
            .ticker(ticker)
            .recordStats()
            .buildAsync();
    CaffeineCacheMetrics.monitor(metrics, answers, "opsmon.api.series");
  }

  @Override
  public List<KpiPoint> read(KpiQuery query) {
    CompletableFuture<List<KpiPoint>> known = answers.getIfPresent(query); // a hit or a miss
    if (known == null) {
      CompletableFuture<List<KpiPoint>> mine = new CompletableFuture<>();
      known = answers.asMap().putIfAbsent(query, mine);
      if (known == null) {
        // read on the asking thread (one of the API's): no pool of its own to size or block
        try {
          mine.complete(List.copyOf(store.read(query)));
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

  @Override
  public QueryResult query(AdHocQuery query) {
    return store.query(query);
  }

  @Override
  public void ping() {
    store.ping();
  }

  /** Leaves the store's reader open: it is its owner's to close. */
  @Override
  public void close() {
    answers.synchronous().invalidateAll();
  }
}
