package com.opsmon.api;

import com.opsmon.api.alerts.AlertCommands;
import com.opsmon.api.alerts.AlertsSource;
import com.opsmon.api.deadletters.RecentDeadLetters;
import com.opsmon.api.http.AllowedHosts;
import com.opsmon.api.overview.OverviewSettings;
import com.opsmon.api.security.ApiTokens;
import com.opsmon.api.stream.LiveStream;
import com.opsmon.ingest.http.IngestEndpoint;
import com.opsmon.model.health.HealthCheck;
import com.opsmon.model.rules.RulesRepository;
import com.opsmon.store.KpiReader;
import com.opsmon.store.query.QueryLimits;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the API serves from: the KPI store, the components whose health it reports (in display
 * order), the metrics it exposes, the ingest endpoint when this process ingests, the newest dead
 * letters when it can read them, the rules in force, the alert manager's state and where people's
 * acknowledgements and silences are published, the live stream when this process reads the kpis
 * topic, the tokens that guard reading and changes, how much one ad-hoc query may ask of the store,
 * and what the overview shows.
 */
public record ApiContext(
    KpiReader kpis,
    Map<String, HealthCheck> health,
    PrometheusMeterRegistry metrics,
    Optional<IngestEndpoint> ingest,
    Optional<RecentDeadLetters> deadLetters,
    Optional<RulesRepository> rules,
    Optional<Alerts> alerts,
    Optional<LiveStream> stream,
    ApiTokens tokens,
    QueryLimits queryLimits,
    OverviewSettings overview,
    AllowedHosts allowedHosts,
    Clock clock) {

  /** The alert manager as the API sees it: its state, and where decisions are published. */
  public record Alerts(AlertsSource source, AlertCommands commands) {}

  public static Builder builder(KpiReader kpis, PrometheusMeterRegistry metrics, Clock clock) {
    return new Builder(kpis, metrics, clock);
  }

  /** Starts from the store, the metrics and the clock; everything else is optional. */
  public static final class Builder {
    private final KpiReader kpis;
    private final PrometheusMeterRegistry metrics;
    private final Clock clock;
    private Map<String, HealthCheck> health = new LinkedHashMap<>();
    private Optional<IngestEndpoint> ingest = Optional.empty();
    private Optional<RecentDeadLetters> deadLetters = Optional.empty();
    private Optional<RulesRepository> rules = Optional.empty();
    private Optional<Alerts> alerts = Optional.empty();
    private Optional<LiveStream> stream = Optional.empty();
    private ApiTokens tokens = ApiTokens.NONE;
    private QueryLimits queryLimits = QueryLimits.DEFAULTS;
    private OverviewSettings overview = OverviewSettings.DEFAULTS;
    private AllowedHosts allowedHosts = AllowedHosts.LOOPBACK;

    private Builder(KpiReader kpis, PrometheusMeterRegistry metrics, Clock clock) {
      this.kpis = kpis;
      this.metrics = metrics;
      this.clock = clock;
    }

    public Builder health(Map<String, HealthCheck> checks) {
      this.health = checks;
      return this;
    }

    public Builder ingest(IngestEndpoint endpoint) {
      this.ingest = Optional.of(endpoint);
      return this;
    }

    public Builder deadLetters(RecentDeadLetters recent) {
      this.deadLetters = Optional.of(recent);
      return this;
    }

    public Builder rules(RulesRepository repository) {
      this.rules = Optional.of(repository);
      return this;
    }

    public Builder alerts(AlertsSource source, AlertCommands commands) {
      this.alerts = Optional.of(new Alerts(source, commands));
      return this;
    }

    public Builder stream(LiveStream live) {
      this.stream = Optional.of(live);
      return this;
    }

    public Builder tokens(ApiTokens tokens) {
      this.tokens = tokens;
      return this;
    }

    /** Only the admin token, keeping the read token as it is. */
    public Builder adminToken(Optional<String> token) {
      this.tokens = new ApiTokens(tokens.read(), token);
      return this;
    }

    public Builder queryLimits(QueryLimits limits) {
      this.queryLimits = limits;
      return this;
    }

    public Builder overview(OverviewSettings settings) {
      this.overview = settings;
      return this;
    }

    public Builder allowedHosts(AllowedHosts hosts) {
      this.allowedHosts = hosts;
      return this;
    }

    public ApiContext build() {
      return new ApiContext(
          kpis,
          health,
          metrics,
          ingest,
          deadLetters,
          rules,
          alerts,
          stream,
          tokens,
          queryLimits,
          overview,
          allowedHosts,
          clock);
    }
  }
}
