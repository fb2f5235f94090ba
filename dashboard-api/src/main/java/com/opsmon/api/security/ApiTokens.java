package com.opsmon.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The tokens the API checks, and who they let in. Without tokens every route is open. With a read
 * token, reading needs it (or the admin token: admin implies read); with only an admin token,
 * reading stays open. Changes need the admin token, or the read token where no admin token is
 * configured, so that configuring only a read token never leaves changes open to callers who may
 * not even read. Tokens are compared in constant time, as SHA-256 digests, so neither a token's
 * content nor its length leaks through how long a refusal takes.
 *
 * @param read lets its holder read data (every {@link Access#READ} route)
 * @param admin lets its holder read and change (rules, acknowledgements, silences)
 */
public record ApiTokens(Optional<String> read, Optional<String> admin) {
  /** No tokens: every route open, as on a loopback-only standalone. */
  public static final ApiTokens NONE = new ApiTokens(Optional.empty(), Optional.empty());

  public ApiTokens {
    read = read.map(String::strip).filter(t -> !t.isEmpty());
    admin = admin.map(String::strip).filter(t -> !t.isEmpty());
  }

  /** Whether both tokens are set, so nothing of the API is open to a stranger. */
  public boolean complete() {
    return read.isPresent() && admin.isPresent();
  }

  /** Whether a caller presenting this token (or none) may use a route needing {@code access}. */
  public Verdict check(Access access, Optional<String> presented) {
    Optional<String> wanted = access == Access.ADMIN && admin.isPresent() ? admin : read;
    // reading is open until a read token is set: an admin token alone guards changes only
    Optional<String> alsoAccepted =
        access == Access.READ && read.isPresent() ? admin : Optional.empty();
    if (access == Access.PUBLIC || wanted.isEmpty()) {
      return Verdict.ALLOWED;
    }
    if (presented.isEmpty()) {
      return Verdict.MISSING;
    }
    // both compared every time: which token matched must not show in the time taken either
    boolean first = matches(wanted, presented.get());
    boolean second = matches(alsoAccepted, presented.get());
    if (first | second) {
      return Verdict.ALLOWED;
    }
    return access == Access.ADMIN && matches(read, presented.get())
        ? Verdict.READ_ONLY
        : Verdict.WRONG;
  }

  private static boolean matches(Optional<String> token, String presented) {
    return token.isPresent() && MessageDigest.isEqual(digest(token.get()), digest(presented));
  }

  private static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The outcome of {@link #check}. */
  public enum Verdict {
    ALLOWED,
    /** No token was presented where one is needed: 401. */
    MISSING,
    /** A token was presented but is none of those accepted here: 401. */
    WRONG,
    /** The read token, presented for a change that needs the admin token: 403. */
    READ_ONLY
  }

  /** Safe to log: says which tokens are set, never what they are. */
  @Override
  public String toString() {
    return "ApiTokens[read "
        + (read.isPresent() ? "set" : "not set")
        + ", admin "
        + (admin.isPresent() ? "set" : "not set")
        + "]";
  }
}
