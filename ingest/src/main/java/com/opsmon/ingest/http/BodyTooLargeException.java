package com.opsmon.ingest.http;

import java.io.IOException;

/** The request body, compressed or decompressed, exceeds the configured limit. */
final class BodyTooLargeException extends IOException {
  BodyTooLargeException(long limit) {
    super("request body exceeds the limit of " + limit + " bytes");
  }
}
