package com.opsmon.api.handlers;

import com.opsmon.api.security.TokenGuard;
import com.opsmon.api.stream.StreamFilter;
import com.opsmon.api.stream.StreamHub;
import com.opsmon.api.stream.StreamSettings;
import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/stream?kpi=orders&region=eu&alerts=false}: Server-Sent Events — {@code kpi}
 * events (a KPI point as JSON) and {@code alert} events (an alert state change), each with an id;
 * {@code partial} events (what a window still open holds so far, about every quarter second)
 * without one, as the next replaces them; a {@code Last-Event-ID} header resumes after that event,
 * or gets a {@code reset} event when what was missed is gone; a comment line after each quiet
 * heartbeat interval. Each client is served on its own thread from its own bounded queue, so a slow
 * one only slows itself; one that falls a whole queue behind is disconnected and may resume.
 */
public final class StreamHandler {
  /** Events written together before a flush, so a burst costs few writes. */
  static final int BATCH = 256;

  static final int MAX_VALUE_LENGTH = 256;

  private final StreamHub hub;
  private final StreamSettings settings;

  public StreamHandler(StreamHub hub, StreamSettings settings) {
    this.hub = hub;
    this.settings = settings;
  }

  public void handle(Context ctx) {
    StreamFilter filter = filter(ctx);
    Optional<String> lastEventId =
        Optional.ofNullable(ctx.header("Last-Event-ID")).filter(id -> !id.isBlank());
    if (hub.clients() >= settings.maxClients()) {
      ctx.header("Retry-After", "10");
      throw new HttpResponseException(
          HttpStatus.SERVICE_UNAVAILABLE.getCode(),
          "the stream serves at most " + settings.maxClients() + " clients; try again shortly");
    }
    try (StreamHub.Subscription subscription = hub.subscribe(filter, lastEventId)) {
      HttpServletResponse res = ctx.res();
      res.setStatus(200);
      res.setContentType("text/event-stream");
      res.setCharacterEncoding("UTF-8");
      res.setHeader("Cache-Control", "no-cache");
      // a proxy must pass each event on at once, not collect a buffer's worth
      res.setHeader("X-Accel-Buffering", "no");
      OutputStream out = res.getOutputStream();
      StringBuilder text = new StringBuilder("retry: 2000\n\n");
      if (subscription.reset()) {
        text.append("event: reset\ndata: {\"reason\":\"events since Last-Event-ID are gone;")
            .append(" reload\"}\n\n");
      }
      send(out, text);
      long heartbeat = settings.heartbeat().toMillis();
      while (!subscription.cutOff()) {
        Optional<StreamHub.Event> next = subscription.next(heartbeat);
        if (next.isEmpty()) {
          send(out, text.append(": heartbeat\n\n"));
          continue;
        }
        append(text, next.get());
        for (int n = 1; n < BATCH && subscription.hasQueued(); n++) {
          subscription.next(0).ifPresent(e -> append(text, e));
        }
        send(out, text);
      }
    } catch (IOException clientGone) {
      // the client closed the stream; its subscription is closed above
    } catch (InterruptedException serverStopping) {
      // the server stops its request threads: the stream ends, which is no error
      Thread.currentThread().interrupt();
    }
  }

  private static void append(StringBuilder text, StreamHub.Event event) {
    if (event.id() != null) {
      text.append("id: ").append(event.id()).append('\n');
    }
    text.append("event: ")
        .append(event.type())
        .append("\ndata: ")
        .append(Json.write(event.data()))
        .append("\n\n");
  }

  private static void send(OutputStream out, StringBuilder text) throws IOException {
    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    text.setLength(0);
  }

  static StreamFilter filter(Context ctx) {
    Set<String> kpis = new LinkedHashSet<>();
    for (String name : ctx.queryParams("kpi")) {
      if (KpiCatalog.find(name).isEmpty()) {
        throw new BadRequestResponse(
            "unknown KPI '"
                + (name.length() > 64 ? name.substring(0, 64) + "…" : name)
                + "'; GET /api/v1/kpis lists them");
      }
      kpis.add(name);
    }
    List<KpiDefinition> chosen =
        kpis.isEmpty()
            ? KpiCatalog.all()
            : kpis.stream().map(k -> KpiCatalog.find(k).orElseThrow()).toList();
    Set<String> knownTags =
        chosen.stream().flatMap(k -> k.tags().stream()).collect(Collectors.toSet());
    Map<String, String> tags = new HashMap<>();
    boolean alerts = true;
    for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
      String name = param.getKey();
      List<String> values = param.getValue();
      if (name.equals("kpi") || name.equals(TokenGuard.QUERY_PARAMETER)) {
        continue;
      }
      if (name.equals("alerts")) {
        alerts = !"false".equals(values.get(0));
        continue;
      }
      if (!knownTags.contains(name)) {
        throw new BadRequestResponse(
            "'"
                + (name.length() > 64 ? name.substring(0, 64) + "…" : name)
                + "' is not a tag of the KPIs asked for");
      }
      if (values.size() != 1 || values.get(0).length() > MAX_VALUE_LENGTH) {
        throw new BadRequestResponse(
            "give tag '" + name + "' once, at most " + MAX_VALUE_LENGTH + " characters");
      }
      tags.put(name, values.get(0));
    }
    return new StreamFilter(kpis, tags, alerts);
  }
}
