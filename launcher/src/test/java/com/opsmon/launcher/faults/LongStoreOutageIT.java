package com.opsmon.launcher.faults;

import com.opsmon.launcher.StoreOutageIT;
import java.time.Duration;
import org.junit.jupiter.api.Tag;

/** Fault: the store down for 10 minutes (the fault suite's long run: {@code -Pfaults}). */
@Tag("slow")
class LongStoreOutageIT extends StoreOutageIT {
  @Override
  protected Duration outage() {
    return Duration.ofMinutes(10);
  }
}
