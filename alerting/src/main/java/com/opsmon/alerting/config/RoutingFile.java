package com.opsmon.alerting.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.opsmon.model.alerts.Matcher;
import com.opsmon.model.config.Durations;
import com.opsmon.model.retry.Backoff;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the routing file (YAML, Alertmanager's vocabulary) into an {@link AlertingConfig}, checking
 * all of it: every problem is reported with the field it is in, and nothing is used when there is
 * one. Secrets are never written in the file itself: a receiver names an environment variable
 * ({@code url_env}) or a file ({@code url_file}) that holds them.
 */
public final class RoutingFile {
  /** Every problem in a routing file, by field. */
  public static final class InvalidRouting extends IllegalArgumentException {
    private final List<String> problems;

    InvalidRouting(String source, List<String> problems) {
      super(source + " has " + problems.size() + " problem(s): " + String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
  public static final AlertingConfig.Lifecycle DEFAULT_LIFECYCLE =
      new AlertingConfig.Lifecycle(
          List.of(),
          6,
          Duration.ofMinutes(30),
          Duration.ofMinutes(15),
          Duration.ofHours(4),
          Duration.ofHours(24),
          Duration.ofSeconds(1));
  public static final AlertingConfig.Limits DEFAULT_LIMITS =
      new AlertingConfig.Limits(200, 2_000, 50);
  public static final AlertingConfig.Delivery DEFAULT_DELIVERY =
      new AlertingConfig.Delivery(Backoff.DEFAULT, Duration.ofHours(24), 4);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String source;
  private final Map<String, String> env;
  private final Function<Path, String> files;
  private final List<String> problems = new ArrayList<>();

  private RoutingFile(String source, Map<String, String> env, Function<Path, String> files) {
    this.source = source;
    this.env = env;
    this.files = files;
  }

  /** Reads a routing file from disk, with secrets from this process's environment and files. */
  public static AlertingConfig read(Path file, String externalUrl) throws IOException {
    return parse(
        Files.readString(file, StandardCharsets.UTF_8),
        file.toString(),
        System.getenv(),
        RoutingFile::readFile,
        externalUrl);
  }

  /**
   * Reads a routing file's text.
   *
   * @param env where {@code *_env} secrets are looked up
   * @param files reads the files {@code *_file} secrets name
   * @param externalUrl the API's address, unless the file gives {@code external_url}
   * @throws InvalidRouting with every problem found
   */
  public static AlertingConfig parse(
      String yaml,
      String source,
      Map<String, String> env,
      Function<Path, String> files,
      String externalUrl) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new InvalidRouting(source, List.of("not YAML: " + e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRouting(source, List.of("the file must be a YAML mapping"));
    }
    return new RoutingFile(source, env, files).config(root, externalUrl);
  }

  /**
   * The receiver of a monitor started with neither a routing file nor a webhook: its alerts show in
   * the API and the ops room, and their notifications are recorded, not sent.
   */
  public static final String NO_RECEIVER = "none";

  /**
   * The routing of a monitor started without a routing file: every alert on its own (grouped by all
   * its labels), sent at once to the one webhook given, and no receiver without one.
   */
  public static AlertingConfig defaults(Optional<Secret> webhookUrl, String externalUrl) {
    Map<String, ReceiverConfig> receivers = new LinkedHashMap<>();
    String receiver = webhookUrl.isPresent() ? "webhook" : NO_RECEIVER;
    webhookUrl.ifPresent(
        url ->
            receivers.put("webhook", new ReceiverConfig.Webhook("webhook", url, DEFAULT_TIMEOUT)));
    Route root =
        new Route(
            "0",
            List.of(),
            receiver,
            List.of(Route.ALL_LABELS),
            Duration.ZERO,
            Duration.ofSeconds(5),
            DEFAULT_REPEAT_INTERVAL,
            false,
            List.of(),
            List.of());
    return new AlertingConfig(
        DEFAULT_LIFECYCLE,
        DEFAULT_LIMITS,
        root,
        List.of(),
        Map.of(),
        receivers,
        DEFAULT_DELIVERY,
        externalUrl);
  }

  private AlertingConfig config(JsonNode root, String externalUrl) {
    known(
        root,
        "",
        "external_url",
        "lifecycle",
        "limits",
        "delivery",
        "route",
        "inhibit_rules",
        "time_intervals",
        "receivers");
    String url = text(root, "external_url").orElse(externalUrl);
    AlertingConfig.Lifecycle lifecycle = lifecycle(root.path("lifecycle"));
    AlertingConfig.Limits limits = limits(root.path("limits"));
    AlertingConfig.Delivery delivery = delivery(root.path("delivery"));
    Map<String, ReceiverConfig> receivers = receivers(root.path("receivers"));
    Map<String, TimeInterval> intervals = timeIntervals(root.path("time_intervals"));
    Route route = null;
    if (!root.has("route")) {
      problems.add("route: missing (the root of the routing tree)");
    } else {
      route = route(root.get("route"), "route", "0", null);
    }
    List<InhibitRule> inhibit = new ArrayList<>();
    int i = 0;
    for (JsonNode rule : root.path("inhibit_rules")) {
      String at = "inhibit_rules[" + i++ + "]";
      known(rule, at, "source_matchers", "target_matchers", "equal");
      inhibit.add(
          new InhibitRule(
              matchers(rule.path("source_matchers"), at + ".source_matchers"),
              matchers(rule.path("target_matchers"), at + ".target_matchers"),
              strings(rule.path("equal"))));
    }
    if (route != null) {
      checkReferences(route, receivers, intervals);
    }
    if (!problems.isEmpty()) {
      throw new InvalidRouting(source, problems);
    }
    return new AlertingConfig(
        lifecycle, limits, route, inhibit, intervals, receivers, delivery, url);
  }

  private void checkReferences(
      Route route, Map<String, ReceiverConfig> receivers, Map<String, TimeInterval> intervals) {
    checkReferences(route, null, receivers, intervals);
  }

  private void checkReferences(
      Route route,
      String inherited,
      Map<String, ReceiverConfig> receivers,
      Map<String, TimeInterval> intervals) {
    // a receiver inherited from the parent was reported there
    if (!route.receiver().equals(inherited) && !receivers.containsKey(route.receiver())) {
      problems.add(
          "route " + route.id() + ": receiver '" + route.receiver() + "' is not in receivers");
    }
    for (String name : route.muteTimeIntervals()) {
      if (!intervals.containsKey(name)) {
        problems.add("route " + route.id() + ": time interval '" + name + "' is not defined");
      }
    }
    route.routes().forEach(child -> checkReferences(child, route.receiver(), receivers, intervals));
  }

  private AlertingConfig.Lifecycle lifecycle(JsonNode node) {
    AlertingConfig.Lifecycle d = DEFAULT_LIFECYCLE;
    if (node.isMissingNode()) {
      return d;
    }
    known(node, "lifecycle", "for", "flapping", "ack_duration", "resolved_retention", "tick");
    List<AlertingConfig.PendingFor> pending = new ArrayList<>();
    int i = 0;
    for (JsonNode rule : node.path("for")) {
      String at = "lifecycle.for[" + i++ + "]";
      known(rule, at, "matchers", "duration");
      pending.add(
          new AlertingConfig.PendingFor(
              matchers(rule.path("matchers"), at + ".matchers"),
              duration(rule, "duration", at).orElse(Duration.ZERO)));
    }
    JsonNode flap = node.path("flapping");
    known(flap, "lifecycle.flapping", "changes", "window", "quiet");
    return new AlertingConfig.Lifecycle(
        pending,
        positiveInt(flap, "changes", "lifecycle.flapping", d.flapChanges()),
        duration(flap, "window", "lifecycle.flapping").orElse(d.flapWindow()),
        duration(flap, "quiet", "lifecycle.flapping").orElse(d.flapQuiet()),
        duration(node, "ack_duration", "lifecycle").orElse(d.defaultAck()),
        duration(node, "resolved_retention", "lifecycle").orElse(d.resolvedRetention()),
        duration(node, "tick", "lifecycle").orElse(d.tick()));
  }

  private AlertingConfig.Limits limits(JsonNode node) {
    AlertingConfig.Limits d = DEFAULT_LIMITS;
    known(node, "limits", "alerts_per_rule", "folded_per_rule", "alerts_per_group");
    return new AlertingConfig.Limits(
        positiveInt(node, "alerts_per_rule", "limits", d.alertsPerRule()),
        positiveInt(node, "folded_per_rule", "limits", d.foldedPerRule()),
        positiveInt(node, "alerts_per_group", "limits", d.alertsPerGroup()));
  }

  private AlertingConfig.Delivery delivery(JsonNode node) {
    AlertingConfig.Delivery d = DEFAULT_DELIVERY;
    known(node, "delivery", "initial_backoff", "max_backoff", "give_up_after", "concurrency");
    Duration initial = duration(node, "initial_backoff", "delivery").orElse(d.backoff().initial());
    Duration max = duration(node, "max_backoff", "delivery").orElse(d.backoff().max());
    Backoff backoff = d.backoff();
    try {
      backoff = new Backoff(initial, max);
    } catch (IllegalArgumentException e) {
      problems.add("delivery: " + e.getMessage());
    }
    return new AlertingConfig.Delivery(
        backoff,
        duration(node, "give_up_after", "delivery").orElse(d.giveUpAfter()),
        positiveInt(node, "concurrency", "delivery", d.concurrency()));
  }

  private Route route(JsonNode node, String at, String id, Route parent) {
    known(
        node,
        at,
        "receiver",
        "matchers",
        "group_by",
        "group_wait",
        "group_interval",
        "repeat_interval",
        "continue",
        "mute_time_intervals",
        "routes");
    String receiver = text(node, "receiver").orElse(parent == null ? null : parent.receiver());
    if (receiver == null) {
      problems.add(at + ".receiver: the root route needs a receiver");
      receiver = "";
    }
    List<Matcher> matchers = matchers(node.path("matchers"), at + ".matchers");
    if (parent == null && !matchers.isEmpty()) {
      problems.add(at + ".matchers: the root route matches every alert; it takes no matchers");
    }
    List<String> groupBy =
        node.has("group_by")
            ? strings(node.get("group_by"))
            : parent == null ? List.of() : parent.groupBy();
    Duration groupWait =
        duration(node, "group_wait", at)
            .orElse(parent == null ? DEFAULT_GROUP_WAIT : parent.groupWait());
    Duration groupInterval =
        duration(node, "group_interval", at)
            .orElse(parent == null ? DEFAULT_GROUP_INTERVAL : parent.groupInterval());
    Duration repeatInterval =
        duration(node, "repeat_interval", at)
            .orElse(parent == null ? DEFAULT_REPEAT_INTERVAL : parent.repeatInterval());
    if (groupInterval.isZero()) {
      problems.add(at + ".group_interval: must be more than 0");
    }
    if (repeatInterval.compareTo(groupInterval) < 0) {
      problems.add(at + ".repeat_interval: must be at least group_interval");
    }
    Route self =
        new Route(
            id,
            matchers,
            receiver,
            groupBy,
            groupWait,
            groupInterval,
            repeatInterval,
            node.path("continue").asBoolean(false),
            strings(node.path("mute_time_intervals")),
            List.of());
    List<Route> children = new ArrayList<>();
    int i = 0;
    for (JsonNode child : node.path("routes")) {
      children.add(route(child, at + ".routes[" + i + "]", id + "." + i, self));
      i++;
    }
    return new Route(
        id,
        matchers,
        receiver,
        groupBy,
        groupWait,
        groupInterval,
        repeatInterval,
        self.cont(),
        self.muteTimeIntervals(),
        children);
  }

  private Map<String, TimeInterval> timeIntervals(JsonNode node) {
    Map<String, TimeInterval> out = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode interval : node) {
      String at = "time_intervals[" + i++ + "]";
      known(interval, at, "name", "time_zone", "intervals");
      String name = text(interval, "name").orElse(null);
      if (name == null) {
        problems.add(at + ".name: missing");
        continue;
      }
      ZoneId zone = ZoneId.of("UTC");
      try {
        zone = ZoneId.of(text(interval, "time_zone").orElse("UTC"));
      } catch (RuntimeException e) {
        problems.add(
            at + ".time_zone: unknown time zone '" + interval.path("time_zone").asText() + "'");
      }
      List<TimeInterval.Period> periods = new ArrayList<>();
      int j = 0;
      for (JsonNode period : interval.path("intervals")) {
        String pat = at + ".intervals[" + j++ + "]";
        known(period, pat, "weekdays", "times");
        Set<DayOfWeek> days = weekdays(period.path("weekdays"), pat + ".weekdays");
        if (!period.has("times")) {
          periods.add(new TimeInterval.Period(days, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
        }
        for (JsonNode times : period.path("times")) {
          known(times, pat + ".times", "start_time", "end_time");
          LocalTime start = time(times, "start_time", pat);
          LocalTime end = time(times, "end_time", pat);
          periods.add(new TimeInterval.Period(days, start, end));
        }
      }
      if (periods.isEmpty()) {
        problems.add(at + ".intervals: give at least one (weekdays and/or times)");
      }
      out.put(name, new TimeInterval(name, zone, periods));
    }
    return out;
  }

  private Set<DayOfWeek> weekdays(JsonNode node, String at) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String spec : strings(node)) {
      try {
        String[] range = spec.toUpperCase(Locale.ROOT).split(":");
        DayOfWeek from = DayOfWeek.valueOf(range[0].trim());
        DayOfWeek to = range.length > 1 ? DayOfWeek.valueOf(range[1].trim()) : from;
        for (DayOfWeek d = from; ; d = d.plus(1)) {
          days.add(d);
          if (d == to) {
            break;
          }
        }
      } catch (RuntimeException e) {
        problems.add(at + ": not a weekday or range (monday, saturday:sunday): '" + spec + "'");
      }
    }
    return days;
  }

  private LocalTime time(JsonNode node, String field, String at) {
    String text = node.path(field).asText("");
    if ("24:00".equals(text)) {
      return LocalTime.MIDNIGHT;
    }
    try {
      return LocalTime.parse(text);
    } catch (RuntimeException e) {
      problems.add(at + "." + field + ": not a time of day (HH:MM): '" + text + "'");
      return LocalTime.MIDNIGHT;
    }
  }

  private Map<String, ReceiverConfig> receivers(JsonNode node) {
    Map<String, ReceiverConfig> out = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode receiver : node) {
      String at = "receivers[" + i++ + "]";
      known(receiver, at, "name", "webhook", "slack", "pagerduty", "email", "alertmanager");
      String name = text(receiver, "name").orElse(null);
      if (name == null) {
        problems.add(at + ".name: missing");
        continue;
      }
      if (out.containsKey(name)) {
        problems.add(at + ".name: '" + name + "' is defined twice");
      }
      List<String> kinds = new ArrayList<>();
      receiver.fieldNames().forEachRemaining(f -> kinds.add(f));
      kinds.remove("name");
      if (kinds.size() != 1) {
        problems.add(
            at
                + ": give exactly one of webhook, slack, pagerduty, email, alertmanager (found "
                + kinds
                + ")");
        continue;
      }
      String kind = kinds.get(0);
      JsonNode spec = receiver.get(kind);
      String sat = at + "." + kind;
      ReceiverConfig config =
          switch (kind) {
            case "webhook" -> {
              known(spec, sat, "url_env", "url_file", "timeout");
              yield new ReceiverConfig.Webhook(name, secretUrl(spec, sat), timeout(spec, sat));
            }
            case "slack" -> {
              known(spec, sat, "url_env", "url_file", "channel", "timeout");
              yield new ReceiverConfig.Slack(
                  name, secretUrl(spec, sat), text(spec, "channel"), timeout(spec, sat));
            }
            case "pagerduty" -> {
              known(spec, sat, "routing_key_env", "routing_key_file", "url", "timeout");
              yield new ReceiverConfig.PagerDuty(
                  name,
                  secret(spec, "routing_key", sat),
                  uri(spec, "url", sat).orElse(ReceiverConfig.PagerDuty.EVENTS_V2),
                  timeout(spec, sat));
            }
            case "email" -> email(name, spec, sat);
            default -> {
              known(spec, sat, "url", "timeout");
              Optional<URI> url = uri(spec, "url", sat);
              if (url.isEmpty()) {
                problems.add(sat + ".url: missing (the Alertmanager's address)");
              }
              yield new ReceiverConfig.Alertmanager(
                  name, url.orElse(URI.create("http://invalid")), timeout(spec, sat));
            }
          };
      out.put(name, config);
    }
    return out;
  }

  private ReceiverConfig email(String name, JsonNode spec, String at) {
    known(
        spec,
        at,
        "smarthost",
        "tls",
        "from",
        "to",
        "auth_username",
        "auth_password_env",
        "auth_password_file",
        "insecure_skip_verify",
        "timeout");
    String smarthost = text(spec, "smarthost").orElse("");
    int colon = smarthost.lastIndexOf(':');
    String host = smarthost;
    int port = 25;
    if (colon > 0) {
      host = smarthost.substring(0, colon);
      try {
        port = Integer.parseInt(smarthost.substring(colon + 1));
      } catch (NumberFormatException e) {
        problems.add(at + ".smarthost: not HOST:PORT: '" + smarthost + "'");
      }
    }
    if (host.isBlank()) {
      problems.add(at + ".smarthost: missing (HOST:PORT of the SMTP server)");
    }
    ReceiverConfig.Email.Tls tls = ReceiverConfig.Email.Tls.STARTTLS;
    try {
      tls =
          ReceiverConfig.Email.Tls.valueOf(
              text(spec, "tls").orElse("starttls").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(at + ".tls: one of none, starttls, tls");
    }
    List<String> to = strings(spec.path("to"));
    if (to.isEmpty()) {
      problems.add(at + ".to: give at least one address");
    }
    Optional<String> from = text(spec, "from");
    if (from.isEmpty()) {
      problems.add(at + ".from: missing");
    }
    Optional<String> user = text(spec, "auth_username");
    Optional<Secret> password =
        spec.has("auth_password_env") || spec.has("auth_password_file")
            ? Optional.of(secret(spec, "auth_password", at))
            : Optional.empty();
    if (user.isPresent() != password.isPresent()) {
      problems.add(at + ": auth_username and auth_password_env/_file go together");
    }
    return new ReceiverConfig.Email(
        name,
        host,
        port,
        tls,
        from.orElse(""),
        to,
        user,
        password,
        spec.path("insecure_skip_verify").asBoolean(false),
        timeout(spec, at));
  }

  private Secret secret(JsonNode spec, String field, String at) {
    Optional<String> envName = text(spec, field + "_env");
    Optional<String> file = text(spec, field + "_file");
    if (envName.isPresent() == file.isPresent()) {
      problems.add(
          at + ": give " + field + "_env or " + field + "_file (secrets are never in this file)");
      return Secret.of("nowhere", "-");
    }
    try {
      if (envName.isPresent()) {
        String value = env.get(envName.get());
        if (value == null || value.isBlank()) {
          problems.add(
              at + "." + field + "_env: environment variable " + envName.get() + " is not set");
          return Secret.of("nowhere", "-");
        }
        return Secret.of("environment variable " + envName.get(), value);
      }
      return Secret.of("file " + file.get(), files.apply(Path.of(file.get())));
    } catch (RuntimeException e) {
      problems.add(at + "." + field + "_file: " + e.getMessage());
      return Secret.of("nowhere", "-");
    }
  }

  /** A URL kept secret (it carries a token): checked here, so no later error prints it. */
  private Secret secretUrl(JsonNode spec, String at) {
    Secret url = secret(spec, "url", at);
    if (url.origin().equals("nowhere")) {
      return url;
    }
    try {
      URI uri = new URI(url.reveal());
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new java.net.URISyntaxException("(not shown)", "not an absolute http(s) URL");
      }
    } catch (java.net.URISyntaxException e) {
      problems.add(at + ": the URL in " + url.origin() + " is not an absolute http(s) URL");
    }
    return url;
  }

  private static String readFile(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private Duration timeout(JsonNode spec, String at) {
    return duration(spec, "timeout", at).orElse(DEFAULT_TIMEOUT);
  }

  private Optional<URI> uri(JsonNode node, String field, String at) {
    Optional<String> text = text(node, field);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = URI.create(text.get());
      if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
        throw new IllegalArgumentException("not http(s)");
      }
      return Optional.of(uri);
    } catch (IllegalArgumentException e) {
      problems.add(at + "." + field + ": not an http(s) URL: '" + text.get() + "'");
      return Optional.empty();
    }
  }

  private List<Matcher> matchers(JsonNode node, String at) {
    List<Matcher> out = new ArrayList<>();
    for (JsonNode m : node) {
      try {
        out.add(Matcher.parse(m.asText()));
      } catch (IllegalArgumentException e) {
        problems.add(at + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.asText());
    }
    node.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() && !value.asText().isBlank()
        ? Optional.of(value.asText())
        : Optional.empty();
  }

  private Optional<Duration> duration(JsonNode node, String field, String at) {
    Optional<String> text = text(node, field);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      Duration d = Durations.parse(text.get());
      if (d.isNegative()) {
        throw new IllegalArgumentException("negative");
      }
      return Optional.of(d);
    } catch (IllegalArgumentException e) {
      problems.add(at + "." + field + ": not a duration (30s, 5m, 4h): '" + text.get() + "'");
      return Optional.empty();
    }
  }

  private int positiveInt(JsonNode node, String field, String at, int fallback) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return fallback;
    }
    if (!value.canConvertToInt() || value.asInt() < 1) {
      problems.add(at + "." + field + ": must be a whole number of at least 1");
      return fallback;
    }
    return value.asInt();
  }

  private void known(JsonNode node, String at, String... fields) {
    if (!node.isObject()) {
      if (!node.isMissingNode() && !node.isNull()) {
        problems.add((at.isEmpty() ? "the file" : at) + ": must be a mapping");
      }
      return;
    }
    Set<String> allowed = new HashSet<>(List.of(fields));
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!allowed.contains(field)) {
        problems.add(
            (at.isEmpty() ? "" : at + ".")
                + field
                + ": unknown field (known: "
                + String.join(", ", fields)
                + ")");
      }
    }
  }
}
