package com.opsmon.jobs.kpi;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
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
 * within 1% of the exact ones. It buckets values exactly as an HdrHistogram with two significant
 * digits does (so it answers every quantile as that histogram would), but keeps only the buckets
 * that hold values, in sorted arrays. Merging two sketches gives the sketch of all their values, so
 * quantiles of longer windows and of totals come from the minutes without keeping any value.
 *
 * <p>Why not the HdrHistogram itself: a minute's sketch holds a few dozen buckets, and the
 * changelog state backend writes the sketch on every event that updates it. Walking the histogram's
 * whole bucket array to write its few buckets took a tenth of the pipeline's CPU.
 */
@TypeInfo(Sketch.Info.class)
public final class Sketch {
  /** Two significant digits: a value is known to within 1%. */
  public static final int DIGITS = 2;

  /** The relative error of a quantile (HdrHistogram's documented precision at {@link #DIGITS}). */
  public static final double RELATIVE_ERROR = 0.01;

  /**
   * HdrHistogram's layout at two digits: values below 256 (2^⌈log2(2·10^DIGITS)⌉) each have a
   * bucket; above, every power of two is split into 128 buckets of equal width.
   */
  private static final int HALF_MAGNITUDE = 7;

  private static final int HALF_COUNT = 1 << HALF_MAGNITUDE;
  private static final long EXACT_BELOW_MASK = (2L << HALF_MAGNITUDE) - 1;

  private int[] buckets;
  private long[] counts;
  private int size;
  private long total;

  public Sketch() {
    this(new int[0], new long[0], 0, 0);
  }

  private Sketch(int[] buckets, long[] counts, int size, long total) {
    this.buckets = buckets;
    this.counts = counts;
    this.size = size;
    this.total = total;
  }

  public void record(long value) {
    record(value, 1);
  }

  public void record(long value, long count) {
    if (count <= 0) {
      return;
    }
    int bucket = bucketOf(Math.max(0, value));
    total += count;
    // the encoding is read in bucket order, so appending needs no search
    int at =
        size == 0 || buckets[size - 1] < bucket
            ? -size - 1
            : Arrays.binarySearch(buckets, 0, size, bucket);
    if (at >= 0) {
      counts[at] += count;
    } else {
      insert(-at - 1, bucket, count);
    }
  }

  private void insert(int at, int bucket, long count) {
    if (size == buckets.length) {
      buckets = Arrays.copyOf(buckets, Math.max(4, size * 2));
      counts = Arrays.copyOf(counts, Math.max(4, size * 2));
    }
    System.arraycopy(buckets, at, buckets, at + 1, size - at);
    System.arraycopy(counts, at, counts, at + 1, size - at);
    buckets[at] = bucket;
    counts[at] = count;
    size++;
  }

  public void addAll(Sketch other) {
    if (other.size == 0) {
      return;
    }
    int[] mergedBuckets = new int[size + other.size];
    long[] mergedCounts = new long[size + other.size];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < size || j < other.size) {
      int mine = i < size ? buckets[i] : Integer.MAX_VALUE;
      int theirs = j < other.size ? other.buckets[j] : Integer.MAX_VALUE;
      mergedBuckets[n] = Math.min(mine, theirs);
      mergedCounts[n++] =
          (mine <= theirs ? counts[i++] : 0) + (theirs <= mine ? other.counts[j++] : 0);
    }
    buckets = mergedBuckets;
    counts = mergedCounts;
    size = n;
    total += other.total;
  }

  public long count() {
    return total;
  }

  /**
   * The value at quantile {@code q} (0–1), as HdrHistogram answers it: the highest value of the
   * bucket holding the ⌈q·count⌉th value (the lowest, for q = 0); meaningless when {@link #count()}
   * is 0.
   */
  public double quantile(double q) {
    double percentile = q * 100;
    double share = Math.min(Math.max(Math.nextAfter(percentile, Double.NEGATIVE_INFINITY), 0), 100);
    long rank = Math.max(1, (long) Math.ceil(share * total / 100));
    long seen = 0;
    for (int i = 0; i < size; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return percentile == 0 ? lowestValueOf(buckets[i]) : highestValueOf(buckets[i]);
      }
    }
    return 0;
  }

  public Sketch copy() {
    return new Sketch(Arrays.copyOf(buckets, size), Arrays.copyOf(counts, size), size, total);
  }

  /** The bucket that holds {@code value}, numbered as HdrHistogram numbers its counts. */
  static int bucketOf(long value) {
    int magnitude = 63 - Long.numberOfLeadingZeros(value | EXACT_BELOW_MASK) - HALF_MAGNITUDE;
    int subBucket = (int) (value >>> magnitude);
    return (magnitude << HALF_MAGNITUDE) + subBucket;
  }

  static long lowestValueOf(int bucket) {
    int magnitude = Math.max(0, (bucket >> HALF_MAGNITUDE) - 1);
    int subBucket = bucket - (magnitude << HALF_MAGNITUDE);
    return (long) subBucket << magnitude;
  }

  static long highestValueOf(int bucket) {
    int magnitude = Math.max(0, (bucket >> HALF_MAGNITUDE) - 1);
    return lowestValueOf(bucket) + (1L << magnitude) - 1;
  }

  /** Flink stores sketches in their own compact encoding, never through Kryo. */
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

    /** Heads the sparse encoding; the compressed one began with its (positive) length. */
    static final int SPARSE = -1;

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
     * Only the buckets that hold values, as varints: a minute's sketch holds few of them, and state
     * is written on every event (the changelog state backend logs each update). HdrHistogram's own
     * compressed encoding deflated the whole bucket array each time.
     */
    @Override
    public void serialize(Sketch sketch, DataOutputView target) throws IOException {
      Varints buckets = new Varints();
      long previous = 0;
      for (int i = 0; i < sketch.size; i++) {
        long value = highestValueOf(sketch.buckets[i]);
        buckets.write(value - previous);
        buckets.write(sketch.counts[i]);
        previous = value;
      }
      Varints header = new Varints();
      header.write(sketch.size);
      target.writeInt(SPARSE);
      target.writeInt(header.size() + buckets.size());
      target.write(header.bytes(), 0, header.size());
      target.write(buckets.bytes(), 0, buckets.size());
    }

    @Override
    public Sketch deserialize(DataInputView source) throws IOException {
      int head = source.readInt();
      if (head != SPARSE) {
        return compressed(source, head);
      }
      byte[] bytes = new byte[source.readInt()];
      source.readFully(bytes);
      ByteBuffer in = ByteBuffer.wrap(bytes);
      Sketch sketch = new Sketch();
      long buckets = Varints.read(in);
      long value = 0;
      for (long i = 0; i < buckets; i++) {
        value += Varints.read(in);
        sketch.record(value, Varints.read(in));
      }
      return sketch;
    }

    /** HdrHistogram's compressed encoding, which state written before the sparse one holds. */
    private static Sketch compressed(DataInputView source, int length) throws IOException {
      byte[] bytes = new byte[length];
      source.readFully(bytes);
      try {
        Histogram histogram = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        Sketch sketch = new Sketch();
        for (HistogramIterationValue bucket : histogram.recordedValues()) {
          sketch.record(bucket.getValueIteratedTo(), bucket.getCountAtValueIteratedTo());
        }
        return sketch;
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
      int length = head == SPARSE ? source.readInt() : head;
      if (head == SPARSE) {
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

  /** Unsigned LEB128 varints: small numbers in one byte. */
  static final class Varints {
    private byte[] bytes = new byte[64];
    private int size;

    void write(long value) {
      if (size + 10 > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
      }
      while ((value & ~0x7FL) != 0) {
        bytes[size++] = (byte) ((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      bytes[size++] = (byte) value;
    }

    byte[] bytes() {
      return bytes;
    }

    int size() {
      return size;
    }

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
