package com.opsmon.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.model.json.Json;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook receiver on loopback that answers 200 and keeps every notification sent to it. It can
 * go away (connections refused) and come back on the same address.
 */
public final class WebhookCatcher implements AutoCloseable {
  private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
  private final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
  private final int port;
  private volatile HttpServer server;

  private WebhookCatcher() throws IOException {
    server = listen(0);
    port = server.getAddress().getPort();
  }

  private HttpServer listen(int port) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    http.createContext(
        "/hook",
        exchange -> {
          notifications.add(Json.mapper().readTree(exchange.getRequestBody().readAllBytes()));
          idempotencyKeys.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    http.start();
    return http;
  }

  public static WebhookCatcher start() throws IOException {
    return new WebhookCatcher();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port + "/hook");
  }

  /** Every notification received so far, in arrival order (a live view). */
  public List<JsonNode> notifications() {
    return notifications;
  }

  /** The {@code Idempotency-Key} header of each notification, in the same order (a live view). */
  public List<String> idempotencyKeys() {
    return idempotencyKeys;
  }

  /** Stops listening: from now on a connection is refused. */
  public void refuseConnections() {
    server.stop(0);
  }

  /** Listens again on the same address. */
  public void acceptConnections() throws IOException {
    server = listen(port);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
