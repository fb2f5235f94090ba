package com.opsmon.ingest.http;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decompresses a gzip body (RFC 1952), every member of it, into at most {@code limit} bytes. Unlike
 * {@link java.util.zip.GZIPInputStream}, which on Java 17 recurses once per member that yields no
 * output, it walks the members in a loop: a body of many empty members cannot overflow the stack.
 * Bytes after the last member are an error, not silently dropped.
 */
final class Gzip {
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private Gzip() {}

  static byte[] decompress(byte[] gzip, long limit) throws ZipException, BodyTooLargeException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    Inflater inflater = new Inflater(true);
    try {
      int at = 0;
      do {
        at = afterHeader(gzip, at);
        inflater.reset();
        inflater.setInput(gzip, at, gzip.length - at);
        CRC32 crc = new CRC32();
        long size = 0;
        while (!inflater.finished()) {
          int n = inflater.inflate(buffer);
          if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
            throw new ZipException("the gzip data is truncated");
          }
          size += n;
          if (out.size() + (long) n > limit) {
            throw new BodyTooLargeException(limit);
          }
          crc.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
        at = gzip.length - inflater.getRemaining();
        if (gzip.length - at < 8) {
          throw new ZipException("the gzip trailer is truncated");
        }
        if (int32(gzip, at) != (int) crc.getValue() || int32(gzip, at + 4) != (int) size) {
          throw new ZipException("a gzip member fails its CRC or length check");
        }
        at += 8;
      } while (at < gzip.length);
    } catch (DataFormatException e) {
      throw new ZipException("invalid deflate data: " + e.getMessage());
    } finally {
      inflater.end();
    }
    return out.toByteArray();
  }

  /** Where the compressed data of the member starting at {@code at} begins. */
  private static int afterHeader(byte[] gzip, int at) throws ZipException {
    int start = at;
    if (gzip.length - at < 10) {
      throw new ZipException(at == 0 ? "not in gzip format" : "unexpected bytes after gzip data");
    }
    if ((gzip[at] & 0xff) != 0x1f || (gzip[at + 1] & 0xff) != 0x8b) {
      throw new ZipException(at == 0 ? "not in gzip format" : "unexpected bytes after gzip data");
    }
    if (gzip[at + 2] != 8) {
      throw new ZipException("unsupported gzip compression method " + gzip[at + 2]);
    }
    int flags = gzip[at + 3] & 0xff;
    at += 10;
    if ((flags & FEXTRA) != 0) {
      at = checked(gzip, at + 2);
      at = checked(gzip, at + uint16(gzip, at - 2));
    }
    if ((flags & FNAME) != 0) {
      at = afterZero(gzip, at);
    }
    if ((flags & FCOMMENT) != 0) {
      at = afterZero(gzip, at);
    }
    if ((flags & FHCRC) != 0) {
      at = checked(gzip, at + 2);
      CRC32 crc = new CRC32();
      crc.update(gzip, start, at - 2 - start);
      if (((int) crc.getValue() & 0xffff) != uint16(gzip, at - 2)) {
        throw new ZipException("the gzip header fails its CRC check");
      }
    }
    return at;
  }

  private static int afterZero(byte[] gzip, int at) throws ZipException {
    while (at < gzip.length && gzip[at] != 0) {
      at++;
    }
    return checked(gzip, at + 1);
  }

  private static int checked(byte[] gzip, int at) throws ZipException {
    if (at > gzip.length) {
      throw new ZipException("the gzip header is truncated");
    }
    return at;
  }

  private static int uint16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  private static int int32(byte[] b, int at) {
    return uint16(b, at) | uint16(b, at + 2) << 16;
  }
}
