package com.opsmon.launcher.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.opsmon.model.health.ComponentHealth;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.functions.sink.legacy.DiscardingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local Flink's REST endpoint answers only a client that presents the credentials made for this
 * start: not plain HTTP, not TLS without a client certificate.
 */
class LocalFlinkRestIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private LocalFlink flink;

  @AfterEach
  void stop() {
    if (flink != null) {
      flink.close();
    }
  }

  @Test
  void shouldAnswerOnlyTheHolderOfTheGeneratedCredentials() throws Exception {
    flink =
        LocalFlink.start(
            (env, resumed) ->
                env.fromSource(
                        new DataGeneratorSource<>(
                            i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(10), Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "numbers")
                    .addSink(new DiscardingSink<>()),
            "test-job",
            1,
            dir.resolve("flink"),
            false);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> flink.health().status() == ComponentHealth.Status.UP);
    RestCredentials credentials = flink.restCredentials();
    URI rest = flink.restAddress();
    assertThat(rest.getScheme()).isEqualTo("https");
    assertThat(rest.getHost()).isEqualTo("127.0.0.1");
    URI overview = rest.resolve("/overview");

    KeyStore keystore = KeyStore.getInstance(RestCredentials.KEYSTORE_TYPE);
    try (InputStream in = Files.newInputStream(credentials.keystore())) {
      keystore.load(in, credentials.password().toCharArray());
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(keystore);
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keystore, credentials.password().toCharArray());

    // with the generated key: answered
    SSLContext holder = SSLContext.getInstance("TLS");
    holder.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              HttpResponse<String> answer = get(client(holder), overview);
              assertThat(answer.statusCode()).isEqualTo(200);
              assertThat(answer.body()).contains("\"taskmanagers\"");
            });

    // plain HTTP: no Flink data (at most a redirect to https, or the connection closed)
    HttpClient plain = client(null);
    URI plainOverview =
        new URI("http", null, rest.getHost(), rest.getPort(), "/overview", null, null);
    try {
      HttpResponse<String> answer = get(plain, plainOverview);
      System.out.println("plain HTTP got " + answer.statusCode() + " " + answer.headers().map());
      assertThat(answer.statusCode()).isNotEqualTo(200);
      assertThat(answer.body()).doesNotContain("taskmanagers");
    } catch (IOException refused) {
      System.out.println("plain HTTP got " + refused);
    }

    // TLS trusting the server but with no client certificate: the handshake fails
    SSLContext stranger = SSLContext.getInstance("TLS");
    stranger.init(null, trust.getTrustManagers(), null);
    assertThatThrownBy(() -> get(client(stranger), overview))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(HttpTimeoutException.class);

    if (Files.getFileStore(credentials.keystore())
        .supportsFileAttributeView(PosixFileAttributeView.class)) {
      assertThat(
              PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.keystore())))
          .isEqualTo("rw-------");
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(credentials.keystore().getParent())))
          .isEqualTo("rwx------");
    }
  }

  private static HttpClient client(SSLContext tls) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT);
    if (tls != null) {
      builder.sslContext(tls);
    }
    return builder.build();
  }

  private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
