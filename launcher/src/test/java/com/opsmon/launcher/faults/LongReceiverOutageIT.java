package com.opsmon.launcher.faults;

import com.opsmon.launcher.ReceiverOutageIT;
import java.time.Duration;
import org.junit.jupiter.api.Tag;

/**
 * Fault: the webhook receiver away for 5 minutes (the fault suite's long run: {@code -Pfaults}).
 */
@Tag("slow")
class LongReceiverOutageIT extends ReceiverOutageIT {
  @Override
  protected Duration outage() {
    return Duration.ofMinutes(5);
  }
}
