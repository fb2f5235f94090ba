package com.opsmon.launcher.stack;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A key pair and self-signed certificate (for 127.0.0.1 and localhost) made afresh on each start,
 * in a PKCS12 keystore with a random password. It is both the key and the only trusted certificate
 * of the local Flink's REST endpoint, which asks clients for a certificate too: only a holder of
 * this file and its password gets an answer.
 *
 * <p>The file and its directory are readable by their owner only, where the file system has POSIX
 * permissions. The key is made by the JDK's {@code keytool}, which every JDK and JRE ships (the JDK
 * has no API to sign a certificate); if it is missing or fails, {@link #generate} fails, and with
 * it the start: the endpoint is never left open instead.
 */
record RestCredentials(Path keystore, String password) {
  static final String KEYSTORE_TYPE = "PKCS12";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration KEYTOOL_DEADLINE = Duration.ofSeconds(60);
  private static final String PASSWORD_VARIABLE = "OPSMON_REST_KEYSTORE_PASSWORD";

  /** Replaces whatever is in {@code dir} by a new keystore, {@code dir/rest.p12}. */
  static RestCredentials generate(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
    if (posix) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
    Path keystore = dir.resolve("rest.p12");
    Files.deleteIfExists(keystore);
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);

    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    if (!Files.isExecutable(keytool)) {
      throw new IOException(
          "cannot make the credentials of Flink's REST endpoint: no "
              + keytool
              + " (run Opsmon on a Java runtime that has keytool, as every JDK and JRE build does)");
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    keytool.toString(),
                    "-genkeypair",
                    "-alias",
                    "flink-rest",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-validity",
                    "3650",
                    "-dname",
                    "CN=opsmon local flink",
                    "-ext",
                    "SAN=ip:127.0.0.1,dns:localhost",
                    "-storetype",
                    KEYSTORE_TYPE,
                    "-keystore",
                    keystore.toString(),
                    // from the environment, not the command line other users can read in /proc
                    "-storepass:env",
                    PASSWORD_VARIABLE,
                    "-keypass:env",
                    PASSWORD_VARIABLE,
                    "-noprompt"))
            .redirectErrorStream(true);
    builder.environment().put(PASSWORD_VARIABLE, password);
    Process process = builder.start();
    process.getOutputStream().close();
    if (!process.waitFor(KEYTOOL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IOException(
          "cannot make the credentials of Flink's REST endpoint: keytool took over "
              + KEYTOOL_DEADLINE.toSeconds()
              + " s");
    }
    // keytool prints little; it has exited, so this cannot block
    String output =
        new String(process.getInputStream().readAllBytes(), Charset.defaultCharset()).strip();
    if (process.exitValue() != 0 || !Files.isRegularFile(keystore)) {
      throw new IOException(
          "cannot make the credentials of Flink's REST endpoint: keytool exited with "
              + process.exitValue()
              + ": "
              + output);
    }
    if (posix) {
      Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-------"));
    }
    return new RestCredentials(keystore, password);
  }

  /** Safe to log: the password is masked. */
  @Override
  public String toString() {
    return "RestCredentials[keystore " + keystore + ", password ****]";
  }
}
