package com.opsmon.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports, for servers that must know their port before binding. A port is picked below
 * the kernel's ephemeral range: the OS hands those to outgoing connections, and the monitor's own
 * Kafka clients open many while its servers start. A port taken in the seconds between the pick and
 * the bind stopped a bench run ("Address already in use" for the API). A port below the range is
 * one only another listener could take.
 */
public final class FreePorts {
  /**
   * Where Linux says the ephemeral ports are; elsewhere none is read and the default is assumed.
   */
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  /** The lowest port picked; below it sit most services' well-known and registered ports. */
  static final int LOWEST = 10_000;

  /** Linux's default start of the ephemeral range (the IANA range starts higher still). */
  private static final int DEFAULT_EPHEMERAL_START = 32_768;

  private static final int ATTEMPTS = 200;

  private FreePorts() {}

  public static int next() {
    int end = ephemeralStart(EPHEMERAL_RANGE);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int attempt = 0; end > LOWEST && attempt < ATTEMPTS; attempt++) {
      int port = random.nextInt(LOWEST, end);
      if (isFree(port)) {
        return port;
      }
    }
    return anyFree();
  }

  /** The first ephemeral port the file names, or the default when it cannot be read. */
  static int ephemeralStart(Path rangeFile) {
    // a stream: Files.readString returned one byte of this procfs file here (Java 17)
    try (InputStream in = Files.newInputStream(rangeFile)) {
      String range = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      return Integer.parseInt(range.trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_START;
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int anyFree() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
