package com.opsmon.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

class GzipTest {
  private static final long LIMIT = 1 << 20;

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] gzip(String text) throws IOException {
    return gzip(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  @Test
  void shouldDecompressWhatTheJdkCompressed() throws IOException {
    byte[] data = new byte[200_000];
    new Random(7).nextBytes(data);
    Arrays.fill(data, 100_000, 150_000, (byte) 'x');

    assertThat(Gzip.decompress(gzip(data), LIMIT)).isEqualTo(data);
  }

  @Test
  void shouldDecompressEveryMemberOfAConcatenatedBody() throws IOException {
    byte[] body = concat(gzip("first\n"), gzip(""), gzip("second\n"));

    assertThat(new String(Gzip.decompress(body, LIMIT), StandardCharsets.UTF_8))
        .isEqualTo("first\nsecond\n");
  }

  @Test
  void shouldWalkHalfAMillionEmptyMembersWithoutOverflowingTheStack() throws IOException {
    byte[] empty = gzip("");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int i = 0; i < 500_000; i++) {
      body.writeBytes(empty);
    }
    body.writeBytes(gzip("last"));

    assertThat(new String(Gzip.decompress(body.toByteArray(), 20 << 20), StandardCharsets.UTF_8))
        .isEqualTo("last");
  }

  @Test
  void shouldSkipTheOptionalHeaderFieldsAndCheckTheHeaderCrc() throws IOException {
    byte[] text = "with every header field".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    // FHCRC | FEXTRA | FNAME | FCOMMENT, then mtime, xfl, os
    header.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3});
    header.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'});
    header.writeBytes("name.ndjson\0".getBytes(StandardCharsets.ISO_8859_1));
    header.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
    CRC32 headerCrc = new CRC32();
    headerCrc.update(header.toByteArray());
    int crc16 = (int) headerCrc.getValue() & 0xffff;
    header.writeBytes(new byte[] {(byte) crc16, (byte) (crc16 >> 8)});
    byte[] body = concat(header.toByteArray(), deflated(text), trailer(text));
    byte[] badHeaderCrc = body.clone();
    badHeaderCrc[header.size() - 1] ^= 1;

    assertThat(new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes()).isEqualTo(text);
    assertThat(Gzip.decompress(body, LIMIT)).isEqualTo(text);
    assertThatThrownBy(() -> Gzip.decompress(badHeaderCrc, LIMIT))
        .isInstanceOf(ZipException.class)
        .hasMessage("the gzip header fails its CRC check");
  }

  private static byte[] deflated(byte[] data) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(data);
    deflater.finish();
    byte[] buffer = new byte[data.length + 64];
    int n = deflater.deflate(buffer);
    deflater.end();
    return Arrays.copyOf(buffer, n);
  }

  private static byte[] trailer(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    long c = crc.getValue();
    int size = data.length;
    return new byte[] {
      (byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
      (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)
    };
  }

  @Test
  void shouldRefuseWhatIsNotCompleteValidGzip() throws IOException {
    byte[] good = gzip("some events");
    byte[] truncated = Arrays.copyOf(good, good.length - 12);
    byte[] noTrailer = Arrays.copyOf(good, good.length - 4);
    byte[] badCrc = good.clone();
    badCrc[good.length - 8] ^= 1;
    byte[] trailing = concat(good, "{\"more\":1}".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> Gzip.decompress("plain".getBytes(StandardCharsets.UTF_8), LIMIT))
        .isInstanceOf(ZipException.class)
        .hasMessage("not in gzip format");
    assertThatThrownBy(() -> Gzip.decompress(truncated, LIMIT))
        .isInstanceOf(ZipException.class)
        .hasMessage("the gzip data is truncated");
    assertThatThrownBy(() -> Gzip.decompress(noTrailer, LIMIT))
        .isInstanceOf(ZipException.class)
        .hasMessage("the gzip trailer is truncated");
    assertThatThrownBy(() -> Gzip.decompress(badCrc, LIMIT))
        .isInstanceOf(ZipException.class)
        .hasMessage("a gzip member fails its CRC or length check");
    assertThatThrownBy(() -> Gzip.decompress(trailing, LIMIT))
        .isInstanceOf(ZipException.class)
        .hasMessage("unexpected bytes after gzip data");
  }

  @Test
  void shouldStopOnceTheOutputExceedsTheLimit() throws IOException {
    byte[] bomb = gzip(new byte[10 << 20]);

    assertThatThrownBy(() -> Gzip.decompress(bomb, 64 * 1024))
        .isInstanceOf(BodyTooLargeException.class);
    assertThat(Gzip.decompress(gzip(new byte[64 * 1024]), 64 * 1024)).hasSize(64 * 1024);
  }
}
