package com.opsmon.launcher.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplaySpeedTest {
  private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");

  @Test
  void shouldKeepTheEventsSpacingDividedByTheFactor() {
    assertThat(ReplaySpeed.parse("1x").dueAfter(T0, T0.plusSeconds(90)))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(ReplaySpeed.parse("60x").dueAfter(T0, T0.plus(Duration.ofHours(1))))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(ReplaySpeed.parse("60x").dueAfter(T0, T0.minusSeconds(5))).isZero();
  }

  @Test
  void shouldSendEverythingAtOnceAtMaxSpeed() {
    assertThat(ReplaySpeed.parse("max").paced()).isFalse();
    assertThat(ReplaySpeed.MAX.dueAfter(T0, T0.plus(Duration.ofDays(1)))).isZero();
    assertThat(ReplaySpeed.parse("60x")).hasToString("60x");
  }

  @Test
  void shouldExplainABadSpeed() {
    assertThatThrownBy(() -> ReplaySpeed.parse("fast")).hasMessageContaining("'max' or a factor");
    assertThatThrownBy(() -> ReplaySpeed.parse("0x")).hasMessageContaining("'max' or a factor");
  }

  @Test
  void shouldDrawProgressWithRateAndEta() {
    assertThat(ProgressBar.line(5_000, 250, 1000, Duration.ofSeconds(10)))
        .isEqualTo("[########......................]  25%  5,000 events  500 events/s  ETA 0m30s");
  }

  @Test
  void shouldReadLinesAsBytesWhateverTheirEncodingAndLineEnds() throws Exception {
    byte[] file = {'a', '\r', '\n', (byte) 0xC3, (byte) 0x28, '\n', '\n', 'z'};
    var lines = new LineReader(new java.io.ByteArrayInputStream(file));

    assertThat(lines.next()).containsExactly('a');
    assertThat(lines.next()).containsExactly((byte) 0xC3, (byte) 0x28);
    assertThat(lines.next()).isEmpty();
    assertThat(lines.next()).containsExactly('z');
    assertThat(lines.next()).isNull();
  }

  @Test
  void shouldReadLinesLongerThanItsBufferAndAcrossShortReads() throws Exception {
    byte[] longLine = new byte[200_000];
    java.util.Arrays.fill(longLine, (byte) 'x');
    var file = new java.io.ByteArrayOutputStream();
    file.write(longLine);
    file.write("\r\nshort\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    // a stream that hands out at most 7 bytes a read, as a pipe may
    var trickle =
        new java.io.FilterInputStream(new java.io.ByteArrayInputStream(file.toByteArray())) {
          @Override
          public int read(byte[] b, int off, int len) throws java.io.IOException {
            return super.read(b, off, Math.min(len, 7));
          }
        };
    var lines = new LineReader(new java.io.BufferedInputStream(trickle, 7));

    assertThat(lines.next()).isEqualTo(longLine);
    assertThat(lines.next()).containsExactly('s', 'h', 'o', 'r', 't');
    assertThat(lines.next()).isNull();
  }

  @Test
  void shouldFindTheEventTimeOfALineAndNothingInGarbage() {
    assertThat(Replayer.occurredAt("{\"occurredAt\":\"2026-11-25T01:00:00+01:00\"}")).contains(T0);
    assertThat(Replayer.occurredAt("{not json")).isEqualTo(Optional.empty());
  }
}
