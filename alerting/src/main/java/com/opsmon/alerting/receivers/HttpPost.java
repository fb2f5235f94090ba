package com.opsmon.alerting.receivers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * One JSON POST and what its status means for delivery: 2xx delivered; any other 4xx but 408 and
 * 429 refused for good (the same request would meet the same answer); everything else, and no
 * answer, worth another try.
 */
final class HttpPost {
  private static final int MAX_DETAIL = 200;
  private final HttpClient http;
  private final Duration timeout;

  HttpPost(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  Receiver.Result post(URI url, String json, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "Opsmon")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    headers.forEach(request::header);
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    int status = response.statusCode();
    String detail = "HTTP " + status + answer(response.body());
    if (status / 100 == 2) {
      return Receiver.Result.delivered(detail);
    }
    return refusedForGood(status)
        ? Receiver.Result.rejected(detail)
        : Receiver.Result.retry(detail);
  }

  /** A client error the same request will meet again; 408 and 429 ask to come back later. */
  static boolean refusedForGood(int status) {
    return status / 100 == 4 && status != 408 && status != 429;
  }

  private static String answer(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return ": "
        + (oneLine.length() > MAX_DETAIL ? oneLine.substring(0, MAX_DETAIL) + "..." : oneLine);
  }
}
