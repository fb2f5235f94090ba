package com.opsmon.alerting;

import com.opsmon.alerting.receivers.Receiver;
import com.opsmon.model.alerts.Notification;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A receiver in memory, for tests: answers each attempt as the test says and keeps them all. */
public final class RecordingReceiver implements Receiver {
  private final String name;
  private final Function<Notification, Result> answer;
  private final List<Notification> attempts = new CopyOnWriteArrayList<>();
  private final List<Notification> delivered = new CopyOnWriteArrayList<>();

  public RecordingReceiver(String name, Function<Notification, Result> answer) {
    this.name = name;
    this.answer = answer;
  }

  public static RecordingReceiver accepting(String name) {
    return new RecordingReceiver(name, n -> Result.delivered("ok"));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Result deliver(Notification notification) {
    attempts.add(notification);
    Result result = answer.apply(notification);
    if (result.kind() == Result.Kind.DELIVERED) {
      delivered.add(notification);
    }
    return result;
  }

  public List<Notification> attempts() {
    return List.copyOf(attempts);
  }

  public List<Notification> delivered() {
    return List.copyOf(delivered);
  }

  /** Delivered notifications and forgets them, so a test reads what came since. */
  public List<Notification> take() {
    List<Notification> out = List.copyOf(delivered);
    delivered.removeAll(out);
    return out;
  }
}
