package com.opsmon.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.model.json.Json;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;

/**
 * A real HTTP receiver on loopback (port 0), for tests: answers each POST with the status the test
 * chooses and records every request with its path, headers and JSON body.
 */
public final class HttpReceiverServer implements AutoCloseable {
  /** One request and the status it was answered with. */
  public record Request(String path, Map<String, List<String>> headers, JsonNode body, int status) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    public boolean accepted() {
      return status / 100 == 2;
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private HttpReceiverServer(HttpServer server) {
    this.server = server;
  }

  /** Answers every request with {@code answer(request)}; the request's status is not set yet. */
  public static HttpReceiverServer start(ToIntFunction<Request> answer) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      HttpReceiverServer receiver = new HttpReceiverServer(server);
      server.createContext(
          "/",
          exchange -> {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body =
                raw.length == 0
                    ? null
                    : Json.mapper().readTree(new String(raw, StandardCharsets.UTF_8));
            Request seen =
                new Request(
                    exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body,
                    0);
            int status = answer.applyAsInt(seen);
            receiver.requests.add(new Request(seen.path(), seen.headers(), seen.body(), status));
            byte[] reply = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
          });
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The requests answered 2xx, in the order they came. */
  public List<Request> accepted() {
    return requests.stream().filter(Request::accepted).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
