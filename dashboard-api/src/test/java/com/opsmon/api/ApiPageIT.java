package com.opsmon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.opsmon.api.security.ApiTokens;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The browsable API page at {@code /api} in a real headless Chromium (skipped with the reason where
 * it is absent): it lists every operation of {@code /openapi.json}, and its form sends a request
 * that the read token lets through.
 */
class ApiPageIT {
  private static final String READ = "page-reader";

  @TempDir static Path dir;
  static Javalin app;
  static ChromeDriver browser;

  @BeforeAll
  static void start() {
    assumeTrue(
        Files.isExecutable(OpsRoomPageIT.CHROMIUM)
            && Files.isExecutable(OpsRoomPageIT.CHROMEDRIVER),
        "no headless browser: "
            + OpsRoomPageIT.CHROMIUM
            + " and "
            + OpsRoomPageIT.CHROMEDRIVER
            + " are needed (apt-get install chromium chromium-driver; .ci/run does)");
    app =
        DashboardApi.create(
                ApiContext.builder(
                        new EmptyKpiReader(),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        Clock.systemUTC())
                    .alerts(new InMemoryAlerts(), new RecordingCommands())
                    .tokens(new ApiTokens(Optional.of(READ), Optional.of("page-admin")))
                    .build())
            .start("127.0.0.1", 0);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(OpsRoomPageIT.CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
        "--user-data-dir=" + dir.resolve("chromium"));
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(OpsRoomPageIT.CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build(),
            options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (app != null) {
      app.stop();
    }
  }

  @Test
  void shouldListEveryOperationAndSendOneWithTheToken() {
    browser.get("http://127.0.0.1:" + app.port() + "/api");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !browser.findElements(By.cssSelector("details.op")).isEmpty());
    assertThat(browser.findElements(By.cssSelector("details.op")))
        .extracting(op -> op.getAttribute("data-op"))
        .contains(
            "GET /health",
            "GET /api/v1/kpis",
            "POST /api/v1/query",
            "GET /api/v1/stream",
            "PUT /api/v1/rules",
            "POST /api/v1/alerts/{fingerprint}/ack");

    WebElement kpis = browser.findElement(By.cssSelector("details.op[data-op='GET /api/v1/kpis']"));
    kpis.findElement(By.tagName("summary")).click();
    kpis.findElement(By.cssSelector("button[type=submit]")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> kpis.findElement(By.cssSelector("pre.result")).getText().startsWith("401"));

    browser.findElement(By.id("token")).sendKeys(READ);
    kpis.findElement(By.cssSelector("button[type=submit]")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> kpis.findElement(By.cssSelector("pre.result")).getText().startsWith("200"));
    assertThat(kpis.findElement(By.cssSelector("pre.result")).getText()).contains("\"orders\"");
  }
}
