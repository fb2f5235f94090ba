package com.opsmon.ingest.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.opsmon.model.config.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Incidents to inject, read from a YAML file (see {@code simulator/default-incidents.yaml} for the
 * format). Every incident is checked as the simulator would check it, so a typo fails at load time
 * naming the incident and the mistake, not later as an incident that silently does nothing.
 */
public final class IncidentPlan {
  /** The classpath resource with one incident of each kind spread over a day. */
  public static final String DEFAULT_DAY_RESOURCE = "/simulator/default-incidents.yaml";

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern OFFSET = Pattern.compile("(\\d{1,3}):(\\d{2})(?::(\\d{2}))?");
  private static final Set<String> TOP_KEYS = Set.of("dayStart", "incidents");
  private static final Set<String> INCIDENT_KEYS =
      Set.of("kind", "start", "duration", "severity", "scope", "note");

  private IncidentPlan() {}

  /**
   * Reads a file whose start times are ISO instants, or offsets from its top-level {@code
   * dayStart}.
   */
  public static List<Incident> load(Path yamlFile) throws IOException {
    return load(yamlFile, null);
  }

  /**
   * Reads a file; offsets such as {@code "02:00"} count from {@code dayStart} (when null, from the
   * file's own {@code dayStart}).
   */
  public static List<Incident> load(Path yamlFile, Instant dayStart) throws IOException {
    String text = Files.readString(yamlFile, StandardCharsets.UTF_8);
    try {
      return parse(text, dayStart);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(yamlFile + ": " + e.getMessage(), e);
    }
  }

  /** The default day: one incident of each kind, placed relative to {@code dayStart}. */
  public static List<Incident> defaultDay(Instant dayStart) {
    try (InputStream in = IncidentPlan.class.getResourceAsStream(DEFAULT_DAY_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT_DAY_RESOURCE + " is missing from the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), dayStart);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses incident YAML; see {@link #load(Path, Instant)} for {@code dayStart}. */
  public static List<Incident> parse(String yaml, Instant dayStart) {
    Object document = readYaml(yaml);
    if (document == null) {
      return List.of();
    }
    Map<String, Object> root = map(document, "the file");
    checkKeys(root, TOP_KEYS, "the file");
    Instant base = dayStart;
    if (base == null && root.get("dayStart") != null) {
      base = instant(text(root.get("dayStart"), "dayStart"), "dayStart");
    }
    Object list = root.get("incidents");
    if (list == null) {
      return List.of();
    }
    if (!(list instanceof List<?> items)) {
      throw new IllegalArgumentException("'incidents' must be a list");
    }
    List<Incident> incidents = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String where = "incidents[" + i + "]";
      try {
        incidents.add(incident(map(items.get(i), where), base));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    return List.copyOf(incidents);
  }

  private static Incident incident(Map<String, Object> fields, Instant base) {
    checkKeys(fields, INCIDENT_KEYS, "an incident");
    String kind = text(required(fields, "kind"), "kind");
    Instant start = start(text(required(fields, "start"), "start"), base);
    Duration duration = duration(text(required(fields, "duration"), "duration"));
    double severity =
        fields.get("severity") == null ? 1.0 : number(text(fields.get("severity"), "severity"));
    Map<String, String> scope = new TreeMap<>();
    if (fields.get("scope") != null) {
      for (Map.Entry<String, Object> e : map(fields.get("scope"), "scope").entrySet()) {
        scope.put(e.getKey(), text(e.getValue(), "scope." + e.getKey()));
      }
    }
    Incident incident = new Incident(kind, start, duration, scope, severity);
    IncidentKind.check(incident);
    return incident;
  }

  /** An ISO instant, or an {@code hh:mm[:ss]} offset from the day start (hours may pass 24). */
  private static Instant start(String value, Instant base) {
    Matcher offset = OFFSET.matcher(value);
    if (!offset.matches()) {
      return instant(value, "start");
    }
    if (base == null) {
      throw new IllegalArgumentException(
          "start '" + value + "' is an offset, but no dayStart was given");
    }
    int minutes = Integer.parseInt(offset.group(2));
    int seconds = offset.group(3) == null ? 0 : Integer.parseInt(offset.group(3));
    if (minutes > 59 || seconds > 59) {
      throw new IllegalArgumentException("start '" + value + "' is not hh:mm[:ss]");
    }
    return base.plus(Duration.ofHours(Integer.parseInt(offset.group(1))))
        .plus(Duration.ofMinutes(minutes))
        .plus(Duration.ofSeconds(seconds));
  }

  private static Instant instant(String value, String name) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " '" + value + "' is neither hh:mm nor an ISO-8601 instant", e);
    }
  }

  private static Duration duration(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("duration: " + e.getMessage(), e);
    }
  }

  private static double number(String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("severity '" + value + "' is not a number", e);
    }
  }

  private static Object required(Map<String, Object> fields, String key) {
    Object value = fields.get(key);
    if (value == null) {
      throw new IllegalArgumentException("'" + key + "' is required");
    }
    return value;
  }

  private static void checkKeys(Map<String, Object> fields, Set<String> allowed, String what) {
    for (String key : fields.keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(
            "unknown key '" + key + "' in " + what + " (allowed: " + new TreeSet<>(allowed) + ")");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value, String what) {
    if (!(value instanceof Map<?, ?>)) {
      throw new IllegalArgumentException(what + " must be a mapping of 'key: value' lines");
    }
    return (Map<String, Object>) value;
  }

  private static String text(Object value, String name) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    throw new IllegalArgumentException("'" + name + "' must be a single value");
  }

  private static Object readYaml(String yaml) {
    try {
      JsonNode tree = YAML.readTree(yaml);
      return tree == null || tree.isMissingNode() || tree.isNull()
          ? null
          : YAML.treeToValue(tree, Object.class);
    } catch (JsonProcessingException e) {
      // the parser's own message says where (line and column) and what it expected
      throw new IllegalArgumentException("not valid YAML: " + e.getOriginalMessage(), e);
    }
  }
}
