package com.opsmon.model.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of a service process, read once at start-up: {@code --name value} (or {@code
 * --name=value}) on the command line, else the environment variable {@code OPSMON_NAME} (dashes
 * become underscores), else the caller's default. Typed config records are built from this.
 */
public final class Flags {
  private final Map<String, String> flags;
  private final Map<String, String> env;

  private Flags(Map<String, String> flags, Map<String, String> env) {
    this.flags = flags;
    this.env = env;
  }

  public static Flags parse(String[] args) {
    return parse(args, System.getenv());
  }

  public static Flags parse(String[] args, Map<String, String> env) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("expected a --flag, got '" + arg + "'");
      }
      String name = arg.substring(2);
      int eq = name.indexOf('=');
      if (eq >= 0) {
        flags.put(name.substring(0, eq), name.substring(eq + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        flags.put(name, args[++i]);
      } else {
        flags.put(name, "true");
      }
    }
    return new Flags(flags, env);
  }

  public static String envName(String flag) {
    return "OPSMON_" + flag.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  public Optional<String> get(String name) {
    String value = flags.get(name);
    if (value == null) {
      value = env.get(envName(name));
    }
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }

  public String get(String name, String defaultValue) {
    return get(name).orElse(defaultValue);
  }

  public String require(String name) {
    return get(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "missing --" + name + " (or environment variable " + envName(name) + ")"));
  }

  public int getInt(String name, int defaultValue) {
    return get(name).map(v -> parseInt(name, v)).orElse(defaultValue);
  }

  public long getLong(String name, long defaultValue) {
    return get(name).map(v -> parseLong(name, v)).orElse(defaultValue);
  }

  public Duration getDuration(String name, Duration defaultValue) {
    return get(name).map(Durations::parse).orElse(defaultValue);
  }

  private static int parseInt(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, got '" + value + "'");
    }
  }

  private static long parseLong(String name, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, got '" + value + "'");
    }
  }
}
