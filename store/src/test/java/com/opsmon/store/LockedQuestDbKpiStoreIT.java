package com.opsmon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opsmon.embedded.EmbeddedQuestDb;
import com.opsmon.model.kpi.KpiPoint;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract against embedded QuestDB started with generated credentials, as the standalone
 * starts it: the writer and reader get in with them, and nobody gets in without.
 */
class LockedQuestDbKpiStoreIT extends KpiStoreContract {
  @TempDir static Path dir;
  static EmbeddedQuestDb questDb;
  static EmbeddedQuestDb.Credentials credentials = EmbeddedQuestDb.Credentials.generate();
  static KpiWriter writer;
  static KpiReader reader;

  @BeforeAll
  static void start() {
    questDb = EmbeddedQuestDb.start(dir, credentials);
    StoreSettings settings =
        StoreSettings.questDb(
            questDb.httpUrl(), questDb.jdbcUrl(), credentials.user(), credentials.password());
    KpiStores.prepare(settings);
    writer = KpiStores.writer(settings);
    reader = KpiStores.reader(settings);
  }

  @AfterAll
  static void stop() {
    writer.close();
    reader.close();
    questDb.close();
  }

  @Override
  void write(List<KpiPoint> points) {
    writer.write(points);
  }

  @Override
  KpiReader reader() {
    return reader;
  }

  @Test
  void shouldRefuseSqlOverHttpWithoutTheCredentials() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI exec =
        URI.create(
            questDb.httpUrl()
                + "/exec?query="
                + URLEncoder.encode("select 1", StandardCharsets.UTF_8));

    HttpResponse<String> anonymous =
        http.send(HttpRequest.newBuilder(exec).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> withDefaults =
        http.send(
            HttpRequest.newBuilder(exec).header("Authorization", basic("admin", "quest")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> withCredentials =
        http.send(
            HttpRequest.newBuilder(exec)
                .header("Authorization", basic(credentials.user(), credentials.password()))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(withDefaults.statusCode()).isEqualTo(401);
    assertThat(withCredentials.statusCode()).isEqualTo(200);
  }

  @Test
  void shouldRefuseThePostgresDefaultUser() {
    assertThatThrownBy(
            () -> DriverManager.getConnection(questDb.jdbcUrl(), "admin", "quest").close())
        .isInstanceOf(java.sql.SQLException.class);
  }

  @Test
  void shouldNeverShowThePasswordInItsDescription() {
    assertThat(credentials.toString()).doesNotContain(credentials.password());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
