package com.opsmon.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.api.security.ApiTokens.Verdict;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who each configuration of tokens lets in, for every kind of route and caller. */
class ApiTokensTest {
  private static final String READ = "read-secret";
  private static final String ADMIN = "admin-secret";

  @ParameterizedTest(name = "read={0} admin={1}: {2} with {3} -> {4}")
  @CsvSource(
      nullValues = "-",
      value = {
        // read token, admin token, route, token presented, verdict
        "-,    -,     READ,   -,        ALLOWED",
        "-,    -,     ADMIN,  -,        ALLOWED",
        "-,    -,     ADMIN,  whatever, ALLOWED",
        "set,  set,   PUBLIC, -,        ALLOWED",
        "set,  set,   READ,   -,        MISSING",
        "set,  set,   READ,   read,     ALLOWED",
        "set,  set,   READ,   admin,    ALLOWED",
        "set,  set,   READ,   wrong,    WRONG",
        "set,  set,   ADMIN,  -,        MISSING",
        "set,  set,   ADMIN,  read,     READ_ONLY",
        "set,  set,   ADMIN,  admin,    ALLOWED",
        "set,  set,   ADMIN,  wrong,    WRONG",
        // an admin token alone guards changes only, as before read tokens existed
        "-,    set,   READ,   -,        ALLOWED",
        "-,    set,   ADMIN,  -,        MISSING",
        "-,    set,   ADMIN,  admin,    ALLOWED",
        "-,    set,   ADMIN,  wrong,    WRONG",
        // a read token alone: changes need at least that, never nothing
        "set,  -,     READ,   read,     ALLOWED",
        "set,  -,     ADMIN,  -,        MISSING",
        "set,  -,     ADMIN,  read,     ALLOWED",
        "set,  -,     ADMIN,  wrong,    WRONG",
      })
  void shouldLetInExactlyTheCallersTheTokensAllow(
      String read, String admin, Access route, String presented, Verdict expected) {
    ApiTokens tokens =
        new ApiTokens(
            Optional.ofNullable(read).map(r -> READ), Optional.ofNullable(admin).map(a -> ADMIN));

    Optional<String> given =
        Optional.ofNullable(presented)
            .map(
                p ->
                    switch (p) {
                      case "read" -> READ;
                      case "admin" -> ADMIN;
                      default -> p;
                    });

    assertThat(tokens.check(route, given)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"'  ', false", "'', false", "' tok ', true"})
  void shouldTreatABlankTokenAsNotConfigured(String token, boolean configured) {
    ApiTokens tokens = new ApiTokens(Optional.of(token), Optional.of(token));

    assertThat(tokens.complete()).isEqualTo(configured);
    assertThat(tokens.check(Access.READ, Optional.empty()))
        .isEqualTo(configured ? Verdict.MISSING : Verdict.ALLOWED);
  }

  @ParameterizedTest
  @CsvSource({"read-secr", "read-secret-and-more", "READ-SECRET"})
  void shouldRefuseATokenThatIsOnlyAlmostRight(String almost) {
    ApiTokens tokens = new ApiTokens(Optional.of(READ), Optional.empty());

    assertThat(tokens.check(Access.READ, Optional.of(almost))).isEqualTo(Verdict.WRONG);
  }

  @org.junit.jupiter.api.Test
  void shouldNeverShowATokenInItsDescription() {
    assertThat(new ApiTokens(Optional.of(READ), Optional.of(ADMIN)).toString())
        .doesNotContain(READ)
        .doesNotContain(ADMIN)
        .isEqualTo("ApiTokens[read set, admin set]");
  }
}
