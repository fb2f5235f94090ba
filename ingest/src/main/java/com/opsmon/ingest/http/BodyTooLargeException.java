package com.opsmon.ingest.http;

import java.io.IOException;

/** The request body, once decompressed, exceeds the configured limit. */
final class BodyTooLargeException extends IOException {
  BodyTooLargeException(long limit) {
    super("request body exceeds the limit of " + limit + " bytes");
  }
}
