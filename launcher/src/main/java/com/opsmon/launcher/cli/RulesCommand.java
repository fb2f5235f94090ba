package com.opsmon.launcher.cli;

import com.opsmon.model.rules.RulesFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code opsmon rules check|apply|show}: the alert rules of a running monitor. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Check a rules file, apply it to a running monitor, or show the rules in force.",
    subcommands = {RulesCommand.Check.class, RulesCommand.Apply.class, RulesCommand.Show.class})
final class RulesCommand {

  @Command(name = "check", mixinStandardHelpOptions = true, description = "Check a rules file.")
  static final class Check implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The rules file (YAML).")
    Path file;

    @Override
    public Integer call() throws Exception {
      try {
        var rules =
            RulesFile.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        System.out.println(
            file + ": " + rules.rules().size() + " rules, version " + rules.version());
        return 0;
      } catch (RulesFile.InvalidRules e) {
        System.err.println(e.getMessage());
        return 1;
      }
    }
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = "Check a rules file and publish it to a running monitor (no restart).")
  static final class Apply implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The rules file (YAML).")
    Path file;

    @Option(
        names = "--url",
        defaultValue = "${env:OPSMON_URL:-http://127.0.0.1:8080}",
        description = "The monitor's API (default ${DEFAULT-VALUE}).")
    URI url;

    @Option(
        names = "--token",
        defaultValue = "${env:OPSMON_ADMIN_TOKEN}",
        description = "The admin token, when the monitor has one.")
    String token;

    @Override
    public Integer call() throws Exception {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      try {
        RulesFile.parse(text, file.toString());
      } catch (RulesFile.InvalidRules e) {
        System.err.println(e.getMessage());
        return 1;
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(url.resolve("/api/v1/rules"))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/yaml")
              .PUT(HttpRequest.BodyPublishers.ofString(text));
      if (token != null && !token.isBlank()) {
        request.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        System.err.println(
            "the monitor refused the rules (" + response.statusCode() + "): " + response.body());
        return 1;
      }
      System.out.println("applied " + file + " to " + url);
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the rules in force.")
  static final class Show implements Callable<Integer> {
    @Option(
        names = "--url",
        defaultValue = "${env:OPSMON_URL:-http://127.0.0.1:8080}",
        description = "The monitor's API (default ${DEFAULT-VALUE}).")
    URI url;

    @Override
    public Integer call() throws Exception {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(url.resolve("/api/v1/rules")).build(),
                  HttpResponse.BodyHandlers.ofString());
      System.out.println(response.body());
      return response.statusCode() == 200 ? 0 : 1;
    }
  }
}
