package com.opsmon.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets this process listens on, from Linux's {@code /proc}: the listening entries of
 * {@code /proc/self/net/tcp} and {@code tcp6} whose socket inode is one of this process's open
 * files. Whatever opened them (our code, a library, a thread pool) shows.
 */
final class ListeningSockets {
  private static final String LISTEN = "0A";

  /** One listening socket: its local address and port. */
  record Listener(InetAddress address, int port) {
    boolean loopback() {
      return address.isLoopbackAddress()
          || (address.getAddress().length == 16 && isMappedLoopback(address.getAddress()));
    }

    @Override
    public String toString() {
      return address.getHostAddress() + ":" + port;
    }
  }

  private ListeningSockets() {}

  static boolean available() {
    return Files.isReadable(Path.of("/proc/self/net/tcp"));
  }

  static List<Listener> ofThisProcess() throws IOException {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // a descriptor closed between listing and reading is no listener
        }
      }
    }
    List<Listener> listeners = new ArrayList<>();
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.isReadable(file)) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      for (String line : lines.subList(1, lines.size())) {
        String[] columns = line.strip().split("\\s+");
        if (columns[3].equals(LISTEN) && inodes.contains(columns[9])) {
          listeners.add(parse(columns[1]));
        }
      }
    }
    return listeners;
  }

  /** {@code 0100007F:1F90} (IPv4, or 32 hex digits for IPv6; each 32-bit word in host order). */
  static Listener parse(String local) {
    String[] parts = local.split(":");
    String hex = parts[0];
    byte[] address = new byte[hex.length() / 2];
    for (int word = 0; word < address.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        // x86 and ARM Linux print each word little-endian
        int at = word * 8 + (3 - b) * 2;
        address[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    try {
      return new Listener(InetAddress.getByAddress(address), Integer.parseInt(parts[1], 16));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + local, e);
    }
  }

  private static boolean isMappedLoopback(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff && a[12] == 127;
  }
}
