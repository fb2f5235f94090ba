import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.embedded.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How long the embedded broker takes to start again after a crash: a child JVM starts it and halts
 * (as kill -9 would), a second child starts it on the same directory and ports. Run by
 * broker-restart.sh with and without a shorter broker lease.
 */
public class BrokerRestart {
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("child")) {
      child(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4], args[5]);
      return;
    }
    String lease = args.length > 0 ? args[0] : "";
    Path dir = Files.createTempDirectory("broker-restart");
    String broker = String.valueOf(FreePorts.next());
    String controller = String.valueOf(FreePorts.next());
    for (String then : List.of("halt", "close")) {
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "docs/bench/BrokerRestart.java",
          "child", dir.toString(), broker, controller, then, lease.isEmpty() ? "-" : lease));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      for (String line : new String(p.getInputStream().readAllBytes()).lines().toList()) {
        if (line.startsWith("started")) {
          System.out.println((then.equals("halt") ? "first start:       " : "after the crash:   ") + line);
        }
      }
      p.waitFor();
    }
  }

  private static void child(Path dir, int broker, int controller, String then, String lease)
      throws Exception {
    Map<String, String> settings =
        lease.equals("-")
            ? Map.of()
            : Map.of("broker.session.timeout.ms", lease, "broker.heartbeat.interval.ms", "500");
    long t0 = System.nanoTime();
    EmbeddedKafka kafka = EmbeddedKafka.start(dir, broker, controller, settings);
    System.out.printf("started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    if (then.equals("halt")) {
      Runtime.getRuntime().halt(137); // no shutdown hook, no clean close: a crash
    }
    kafka.close();
  }
}
