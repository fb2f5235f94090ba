package com.opsmon.api;

import com.opsmon.api.alerts.AlertCommands;
import com.opsmon.model.alerts.AckCommand;
import com.opsmon.model.alerts.Silence;
import java.util.ArrayList;
import java.util.List;

/** Keeps what would have been published. */
final class RecordingCommands implements AlertCommands {
  final List<AckCommand> acks = new ArrayList<>();
  final List<Silence> silences = new ArrayList<>();

  @Override
  public void ack(AckCommand ack) {
    acks.add(ack);
  }

  @Override
  public void silence(Silence silence) {
    silences.add(silence);
  }
}
