package com.opsmon.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SketchTest {
  private static final double[] QUANTILES = {0, 0.5, 0.9, 0.95, 0.99, 1};

  private static Sketch latencies(int calls, long seed) {
    Random random = new Random(seed);
    Sketch sketch = new Sketch();
    for (int i = 0; i < calls; i++) {
      sketch.record(Math.round(Math.exp(4 + random.nextGaussian())));
    }
    sketch.record(30_000); // a timeout
    return sketch;
  }

  private static byte[] written(Sketch sketch) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    Sketch.Serializer.INSTANCE.serialize(sketch, out);
    return out.getCopyOfBuffer();
  }

  private static Sketch read(byte[] bytes) throws IOException {
    return Sketch.Serializer.INSTANCE.deserialize(new DataInputDeserializer(bytes));
  }

  private static void assertSameDistribution(Sketch actual, Sketch expected) {
    assertThat(actual.count()).isEqualTo(expected.count());
    for (double q : QUANTILES) {
      assertThat(actual.quantile(q)).as("quantile %s", q).isEqualTo(expected.quantile(q));
    }
  }

  @Test
  void shouldAnswerEveryQuantileAsAnHdrHistogramWithTheSameDigits() {
    Random random = new Random(4);
    for (int trial = 0; trial < 200; trial++) {
      Histogram histogram = new Histogram(Sketch.DIGITS);
      Sketch sketch = new Sketch();
      Sketch merged = new Sketch();
      int values = 1 + random.nextInt(trial < 100 ? 20 : 2_000);
      for (int i = 0; i < values; i++) {
        long value =
            switch (random.nextInt(4)) {
              case 0 -> random.nextInt(300);
              case 1 -> Math.round(Math.exp(4 + 2 * random.nextGaussian()));
              case 2 -> random.nextLong(1L << 40);
              default -> 255 + random.nextInt(3);
            };
        long count = 1 + random.nextInt(3);
        histogram.recordValueWithCount(value, count);
        sketch.record(value, count);
        Sketch one = new Sketch();
        one.record(value, count);
        merged.addAll(one);
      }
      for (double q : new double[] {0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1}) {
        double expected = histogram.getValueAtPercentile(q * 100);
        assertThat(sketch.quantile(q)).as("trial %d, quantile %s", trial, q).isEqualTo(expected);
        assertThat(merged.quantile(q))
            .as("trial %d, merged, quantile %s", trial, q)
            .isEqualTo(expected);
      }
      assertThat(sketch.count()).isEqualTo(histogram.getTotalCount());
      assertThat(merged.count()).isEqualTo(histogram.getTotalCount());
    }
  }

  @Test
  void shouldLeaveTheOriginalAloneWhenACopyChanges() {
    Sketch original = latencies(50, 5);
    Sketch copy = original.copy();

    copy.record(1_000_000, 500);

    assertSameDistribution(original, latencies(50, 5));
    assertThat(copy.quantile(0.99)).isGreaterThan(original.quantile(0.99));
  }

  @Test
  void shouldReadBackEveryQuantileAndTheCount() throws IOException {
    Sketch sketch = latencies(5_000, 1);

    assertSameDistribution(read(written(sketch)), sketch);
    assertThat(read(written(new Sketch())).count()).isZero();
  }

  @Test
  void shouldWriteOnlyTheBucketsThatHoldValues() throws IOException {
    Sketch few = new Sketch();
    few.record(12);
    few.record(250, 3);
    few.record(30_000);

    // head, length, then the bucket count and two varints a bucket
    assertThat(written(few)).hasSizeLessThan(32);
    assertSameDistribution(read(written(few)), few);
  }

  @Test
  void shouldStillReadSketchesWrittenInHdrHistogramsCompressedEncoding() throws IOException {
    Histogram histogram = new Histogram(Sketch.DIGITS);
    Sketch expected = new Sketch();
    for (long value : new long[] {3, 40, 40, 512, 9_999}) {
      histogram.recordValue(value);
      expected.record(value);
    }
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    DataOutputSerializer old = new DataOutputSerializer(64);
    old.writeInt(length);
    old.write(buffer.array(), 0, length);

    assertSameDistribution(read(old.getCopyOfBuffer()), expected);
    DataOutputSerializer copied = new DataOutputSerializer(64);
    Sketch.Serializer.INSTANCE.copy(new DataInputDeserializer(old.getCopyOfBuffer()), copied);
    assertThat(copied.getCopyOfBuffer()).isEqualTo(old.getCopyOfBuffer());
  }

  @Test
  void shouldCopyTheEncodingAsItIsAndLeaveWhatFollows() throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    Sketch.Serializer.INSTANCE.serialize(latencies(300, 2), out);
    out.writeUTF("next field");
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    DataOutputSerializer copied = new DataOutputSerializer(64);

    Sketch.Serializer.INSTANCE.copy(in, copied);

    assertThat(in.readUTF()).isEqualTo("next field");
    assertSameDistribution(read(copied.getCopyOfBuffer()), latencies(300, 2));
  }

  @Test
  void shouldRefuseAnEncodingCutShort() throws IOException {
    byte[] whole = written(latencies(100, 3));
    DataOutputSerializer cut = new DataOutputSerializer(64);
    cut.writeInt(Sketch.Serializer.SPARSE);
    cut.writeInt(3);
    cut.write(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80});

    assertThat(whole.length).isGreaterThan(8);
    assertThatThrownBy(() -> read(cut.getCopyOfBuffer()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("ends inside a number");
  }
}
