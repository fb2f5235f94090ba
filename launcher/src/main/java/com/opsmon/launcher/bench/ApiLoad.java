package com.opsmon.launcher.bench;

import com.opsmon.model.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One dashboard query asked over and over by several clients at once, each waiting for its answer
 * before asking again (a closed loop): requests per second and latency percentiles.
 */
final class ApiLoad {
  /**
   * What the query load measured.
   *
   * @param points points in one answer
   * @param answerBytes bytes of one answer
   * @param failed answers other than 200
   */
  record Result(
      long requests, Duration took, Latencies latencies, int points, int answerBytes, long failed) {
    double perSecond() {
      return requests / (took.toNanos() / 1e9);
    }
  }

  private ApiLoad() {}

  static Result run(URI query, int clients, Duration duration) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(query).timeout(Duration.ofSeconds(30)).GET().build();
    HttpResponse<String> sample = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (sample.statusCode() != 200) {
      throw new IllegalStateException(
          "the dashboard query answered " + sample.statusCode() + ": " + sample.body());
    }
    int points = Json.mapper().readTree(sample.body()).path("points").size();

    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicLong failed = new AtomicLong();
    List<Latencies> perClient = new ArrayList<>();
    List<Future<?>> running = new ArrayList<>();
    long started = System.nanoTime();
    long until = started + duration.toNanos();
    try {
      for (int i = 0; i < clients; i++) {
        Latencies latencies = new Latencies();
        perClient.add(latencies);
        running.add(
            pool.submit(
                () -> {
                  while (System.nanoTime() < until) {
                    long sent = System.nanoTime();
                    HttpResponse<byte[]> answer =
                        http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    latencies.add((System.nanoTime() - sent) / 1e6);
                    if (answer.statusCode() != 200) {
                      failed.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> client : running) {
        client.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    Latencies all = new Latencies();
    perClient.forEach(all::addAll);
    return new Result(all.count(), took, all, points, sample.body().length(), failed.get());
  }
}
