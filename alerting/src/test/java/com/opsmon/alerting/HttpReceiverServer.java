package com.opsmon.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.model.json.Json;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;

/**
 * A real webhook receiver on loopback, for tests: answers each payload with the status the test
 * chooses (which may block) and records every request.
 */
public final class HttpReceiverServer implements AutoCloseable {
  /** One request and the status it was answered with. */
  public record Request(JsonNode body, int status) {
    public String alertStatus() {
      return body.get("status").asText();
    }

    public String fingerprint() {
      return body.get("alerts").get(0).get("fingerprint").asText();
    }

    /** The notification id the payload stands for: fingerprint, status and startsAt. */
    public String notificationId() {
      JsonNode alert = body.get("alerts").get(0);
      return fingerprint() + ":" + alertStatus() + ":" + alert.get("startsAt").asText();
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private HttpReceiverServer(HttpServer server) {
    this.server = server;
  }

  public static HttpReceiverServer start(ToIntFunction<JsonNode> answer) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      HttpReceiverServer receiver = new HttpReceiverServer(server);
      server.createContext(
          "/hook",
          exchange -> {
            JsonNode body = Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
            int status = answer.applyAsInt(body);
            receiver.requests.add(new Request(body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
          });
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The requests answered 2xx, in the order they came. */
  public List<Request> accepted() {
    return requests.stream().filter(r -> r.status() / 100 == 2).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
