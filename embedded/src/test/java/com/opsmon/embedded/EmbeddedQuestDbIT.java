package com.opsmon.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedQuestDbIT {
  @TempDir Path dir;

  @Test
  void shouldAcceptInfluxV2LineProtocolAndAnswerSqlOverPgWire() throws Exception {
    try (EmbeddedQuestDb questDb = EmbeddedQuestDb.start(dir)) {
      HttpResponse<String> write =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              questDb.httpUrl() + "/api/v2/write?org=o&bucket=b&precision=ms"))
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "probe,region=eu value=3.5 1764064980000\n"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(write.statusCode()).isEqualTo(204);

      Properties credentials = new Properties();
      credentials.setProperty("user", "admin");
      credentials.setProperty("password", "quest");
      try (Connection connection = DriverManager.getConnection(questDb.jdbcUrl(), credentials)) {
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  try (ResultSet rs =
                      connection
                          .createStatement()
                          .executeQuery("SELECT region, value FROM probe")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("eu");
                    assertThat(rs.getDouble(2)).isEqualTo(3.5);
                  }
                });
      }
    }
  }
}
