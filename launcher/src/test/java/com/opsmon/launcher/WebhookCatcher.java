package com.opsmon.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.model.json.Json;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook receiver on loopback that answers 200 and keeps every notification sent to it. */
public final class WebhookCatcher implements AutoCloseable {
  private final HttpServer server;
  private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();

  private WebhookCatcher() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          notifications.add(Json.mapper().readTree(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  public static WebhookCatcher start() throws IOException {
    return new WebhookCatcher();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  /** Every notification received so far, in arrival order (a live view). */
  public List<JsonNode> notifications() {
    return notifications;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
