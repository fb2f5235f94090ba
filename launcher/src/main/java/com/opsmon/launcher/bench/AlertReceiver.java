package com.opsmon.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.model.json.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;

/**
 * The webhook the live monitor notifies, on a loopback port of its own: hands each firing alert of
 * the {@link AlertProbe#RULE} to the probe as it arrives, and answers every notification 200.
 */
final class AlertReceiver implements AutoCloseable {
  private final HttpServer server;

  private AlertReceiver(HttpServer server) {
    this.server = server;
  }

  static AlertReceiver start(AlertProbe probe) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> receive(exchange, probe));
    server.start();
    return new AlertReceiver(server);
  }

  URI url() {
    InetSocketAddress at = server.getAddress();
    return URI.create("http://" + at.getHostString() + ":" + at.getPort() + "/bench-webhook");
  }

  private static void receive(HttpExchange exchange, AlertProbe probe) throws IOException {
    Instant arrived = Instant.now();
    try (exchange;
        InputStream body = exchange.getRequestBody()) {
      try {
        for (JsonNode alert : Json.mapper().readTree(body).path("alerts")) {
          JsonNode labels = alert.path("labels");
          if ("firing".equals(alert.path("status").asText())
              && AlertProbe.RULE.equals(labels.path("alertname").asText())) {
            probe.notified(labels.path("region").asText(), arrived);
          }
        }
      } catch (IOException e) {
        // not a notification of the probe's: it is answered all the same
      }
      exchange.sendResponseHeaders(200, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
