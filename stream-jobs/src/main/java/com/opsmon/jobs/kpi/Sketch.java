package com.opsmon.jobs.kpi;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A mergeable distribution of non-negative whole values (milliseconds, seconds) whose quantiles are
 * within 1% of the exact ones: an HdrHistogram with two significant digits, growing as values need.
 * Merging two sketches gives the sketch of all their values, so quantiles of longer windows and of
 * totals come from the minutes without keeping any value.
 */
@TypeInfo(Sketch.Info.class)
public final class Sketch {
  /** Two significant digits: a value is known to within 1%. */
  public static final int DIGITS = 2;

  /** The relative error of a quantile (HdrHistogram's documented precision at {@link #DIGITS}). */
  public static final double RELATIVE_ERROR = 0.01;

  private final Histogram histogram;

  public Sketch() {
    this(new Histogram(DIGITS));
  }

  private Sketch(Histogram histogram) {
    this.histogram = histogram;
  }

  public void record(long value) {
    histogram.recordValue(Math.max(0, value));
  }

  public void record(long value, long count) {
    if (count > 0) {
      histogram.recordValueWithCount(Math.max(0, value), count);
    }
  }

  public void addAll(Sketch other) {
    histogram.add(other.histogram);
  }

  public long count() {
    return histogram.getTotalCount();
  }

  /** The value at quantile {@code q} (0–1); meaningless when {@link #count()} is 0. */
  public double quantile(double q) {
    return histogram.getValueAtPercentile(q * 100);
  }

  public Sketch copy() {
    return new Sketch(histogram.copy());
  }

  /** Flink stores sketches in their compact HdrHistogram encoding, never through Kryo. */
  public static final class Info extends TypeInfoFactory<Sketch> {
    @Override
    public TypeInformation<Sketch> createTypeInfo(
        Type type, Map<String, TypeInformation<?>> genericParameters) {
      return new SketchTypeInfo();
    }
  }

  static final class SketchTypeInfo extends TypeInformation<Sketch> {
    @Override
    public boolean isBasicType() {
      return false;
    }

    @Override
    public boolean isTupleType() {
      return false;
    }

    @Override
    public int getArity() {
      return 1;
    }

    @Override
    public int getTotalFields() {
      return 1;
    }

    @Override
    public Class<Sketch> getTypeClass() {
      return Sketch.class;
    }

    @Override
    public boolean isKeyType() {
      return false;
    }

    @Override
    public TypeSerializer<Sketch> createSerializer(SerializerConfig config) {
      return Serializer.INSTANCE;
    }

    @Override
    public String toString() {
      return "Sketch";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SketchTypeInfo;
    }

    @Override
    public int hashCode() {
      return Sketch.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
      return o instanceof SketchTypeInfo;
    }
  }

  static final class Serializer extends TypeSerializerSingleton<Sketch> {
    static final Serializer INSTANCE = new Serializer();

    /** Heads HdrHistogram's plain encoding, written since 2026-12-05. */
    static final int PLAIN = -2;

    /** Heads the sparse encoding written before; the compressed one began with its length. */
    static final int SPARSE = -1;

    /** Each thread's buffer to encode into, as large as the largest sketch it wrote. */
    private static final ThreadLocal<ByteBuffer> BUFFER =
        ThreadLocal.withInitial(() -> ByteBuffer.allocate(1 << 12));

    @Override
    public boolean isImmutableType() {
      return false;
    }

    @Override
    public Sketch createInstance() {
      return new Sketch();
    }

    @Override
    public Sketch copy(Sketch from) {
      return from.copy();
    }

    @Override
    public Sketch copy(Sketch from, Sketch reuse) {
      return from.copy();
    }

    @Override
    public int getLength() {
      return -1;
    }

    /**
     * HdrHistogram's own plain encoding: its counts with runs of zeros folded, as varints. A
     * minute's sketch holds few buckets, and state is written on every event (the changelog state
     * backend logs each update). The compressed encoding deflated the whole bucket array each time;
     * walking the buckets with HdrHistogram's iterator to write them sparsely took a tenth of the
     * pipeline's CPU; this tight loop over the array takes about a quarter of that.
     */
    @Override
    public void serialize(Sketch sketch, DataOutputView target) throws IOException {
      ByteBuffer buffer = BUFFER.get();
      int needed = sketch.histogram.getNeededByteBufferCapacity();
      if (buffer.capacity() < needed) {
        buffer = ByteBuffer.allocate(Math.max(needed, buffer.capacity() * 2));
        BUFFER.set(buffer);
      }
      buffer.clear();
      int length = sketch.histogram.encodeIntoByteBuffer(buffer);
      target.writeInt(PLAIN);
      target.writeInt(length);
      target.write(buffer.array(), 0, length);
    }

    @Override
    public Sketch deserialize(DataInputView source) throws IOException {
      int head = source.readInt();
      if (head == PLAIN) {
        return plain(source);
      }
      if (head == SPARSE) {
        return sparse(source);
      }
      return compressed(source, head);
    }

    private static Sketch plain(DataInputView source) throws IOException {
      byte[] bytes = new byte[source.readInt()];
      source.readFully(bytes);
      try {
        return new Sketch(Histogram.decodeFromByteBuffer(ByteBuffer.wrap(bytes), 0));
      } catch (RuntimeException e) {
        throw new IOException("not an encoded sketch", e);
      }
    }

    /** The buckets that held values, as varints: what state written before 2026-12-05 holds. */
    private static Sketch sparse(DataInputView source) throws IOException {
      byte[] bytes = new byte[source.readInt()];
      source.readFully(bytes);
      ByteBuffer in = ByteBuffer.wrap(bytes);
      Sketch sketch = new Sketch();
      long buckets = Varints.read(in);
      long value = 0;
      for (long i = 0; i < buckets; i++) {
        value += Varints.read(in);
        sketch.histogram.recordValueWithCount(value, Varints.read(in));
      }
      return sketch;
    }

    /** HdrHistogram's compressed encoding, which state written before the sparse one holds. */
    private static Sketch compressed(DataInputView source, int length) throws IOException {
      byte[] bytes = new byte[length];
      source.readFully(bytes);
      try {
        return new Sketch(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0));
      } catch (java.util.zip.DataFormatException e) {
        throw new IOException("not an encoded sketch", e);
      }
    }

    @Override
    public Sketch deserialize(Sketch reuse, DataInputView source) throws IOException {
      return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
      int head = source.readInt();
      target.writeInt(head);
      int length = head == SPARSE || head == PLAIN ? source.readInt() : head;
      if (head == SPARSE || head == PLAIN) {
        target.writeInt(length);
      }
      // through an array: some targets take another view's bytes only within their capacity
      byte[] bytes = new byte[length];
      source.readFully(bytes);
      target.write(bytes);
    }

    @Override
    public TypeSerializerSnapshot<Sketch> snapshotConfiguration() {
      return new Snapshot();
    }
  }

  /** What a restore needs to know of the serializer: nothing beyond its version. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<Sketch> {
    public Snapshot() {
      super(() -> Serializer.INSTANCE);
    }
  }

  /** Unsigned LEB128 varints, as the sparse encoding wrote them. */
  static final class Varints {
    private Varints() {}

    static long read(ByteBuffer in) throws IOException {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (!in.hasRemaining()) {
          throw new IOException("a sketch's encoding ends inside a number");
        }
        byte b = in.get();
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IOException("a sketch's encoding holds a number over 64 bits");
    }
  }
}
