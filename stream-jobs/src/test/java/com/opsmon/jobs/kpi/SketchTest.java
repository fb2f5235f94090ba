package com.opsmon.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
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
  void shouldWriteASketchOfFewValuesInFewBytes() throws IOException {
    Sketch few = new Sketch();
    few.record(12);
    few.record(250, 3);
    few.record(30_000);

    // head, length, HdrHistogram's 40-byte header, then the counts with their zero runs folded
    assertThat(written(few)).hasSizeLessThan(72);
    assertSameDistribution(read(written(few)), few);
  }

  @Test
  void shouldGrowASketchReadBackForValuesBeyondThoseItHeld() throws IOException {
    Sketch small = new Sketch();
    small.record(3);

    Sketch read = read(written(small));
    read.record(5_000_000_000L);

    assertThat(read.count()).isEqualTo(2);
    assertThat(read.quantile(1)).isCloseTo(5e9, org.assertj.core.data.Percentage.withPercentage(1));
  }

  @Test
  void shouldStillReadSketchesWrittenInTheSparseEncodingBefore() throws IOException {
    Sketch expected = latencies(400, 6);
    // what the serializer wrote until 2026-12-05: head -1, length, bucket count, then for each
    // bucket that held values the step from the last bucket's value and the count, as varints
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    java.util.List<long[]> buckets = new java.util.ArrayList<>();
    Histogram same = new Histogram(Sketch.DIGITS);
    Random random = new Random(6);
    for (int i = 0; i < 400; i++) {
      same.recordValue(Math.round(Math.exp(4 + random.nextGaussian())));
    }
    same.recordValue(30_000);
    same.recordedValues()
        .forEach(
            v -> buckets.add(new long[] {v.getValueIteratedTo(), v.getCountAtValueIteratedTo()}));
    varint(body, buckets.size());
    long previous = 0;
    for (long[] bucket : buckets) {
      varint(body, bucket[0] - previous);
      varint(body, bucket[1]);
      previous = bucket[0];
    }
    DataOutputSerializer old = new DataOutputSerializer(64);
    old.writeInt(Sketch.Serializer.SPARSE);
    old.writeInt(body.size());
    old.write(body.toByteArray());

    assertSameDistribution(read(old.getCopyOfBuffer()), expected);
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
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
    Sketch restored = read(old.getCopyOfBuffer());
    restored.record(5_000_000_000L); // beyond the largest value it held
    assertThat(restored.count()).isEqualTo(expected.count() + 1);
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
