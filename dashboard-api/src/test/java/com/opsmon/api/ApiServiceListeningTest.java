package com.opsmon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opsmon.model.config.Flags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster API's listening settings, from flags, the environment and token files. */
class ApiServiceListeningTest {
  @TempDir Path dir;

  @Test
  void shouldRefuseTheContainerDefaultAddressWithoutTokens() {
    ApiService.Listening listening =
        ApiService.Listening.fromFlags(Flags.parse(new String[0], Map.of()));

    assertThat(listening.host()).isEqualTo("0.0.0.0");
    assertThat(listening.refusal())
        .hasValueSatisfying(
            why -> assertThat(why).contains("0.0.0.0").contains("--read-token, --admin-token:"));
  }

  @Test
  void shouldStartWithTokensFromFilesNamedInTheEnvironment() throws Exception {
    Path read = Files.writeString(dir.resolve("read"), "reader\n");
    Path admin = Files.writeString(dir.resolve("admin"), "admin\n");

    ApiService.Listening listening =
        ApiService.Listening.fromFlags(
            Flags.parse(
                new String[0],
                Map.of(
                    "OPSMON_READ_TOKEN_FILE", read.toString(),
                    "OPSMON_ADMIN_TOKEN_FILE", admin.toString())));

    assertThat(listening.tokens().read()).contains("reader");
    assertThat(listening.tokens().admin()).contains("admin");
    assertThat(listening.refusal()).isEmpty();
  }

  @Test
  void shouldStartUnauthenticatedOnlyWhenToldSo() {
    ApiService.Listening listening =
        ApiService.Listening.fromFlags(
            Flags.parse(new String[] {"--allow-unauthenticated", "--port", "9090"}, Map.of()));

    assertThat(listening.allowUnauthenticated()).isTrue();
    assertThat(listening.port()).isEqualTo(9090);
    assertThat(listening.refusal()).isEmpty();
    assertThat(listening.tokens().read()).isEqualTo(Optional.empty());
  }

  @Test
  void shouldStopOnAnEmptyTokenFile() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "");

    assertThatThrownBy(
            () ->
                ApiService.Listening.fromFlags(
                    Flags.parse(new String[] {"--read-token-file", empty.toString()}, Map.of())))
        .hasMessage("--read-token-file " + empty + " is empty");
  }
}
