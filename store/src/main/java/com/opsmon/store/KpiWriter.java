package com.opsmon.store;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import com.opsmon.model.kpi.KpiPoint;
import java.util.Collection;
import java.util.List;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;

/**
 * Writes KPI points as InfluxDB line protocol to {@code /api/v2/write}, to QuestDB or InfluxDB
 * alike. A write returns only once the store accepted it, and throws if it did not.
 */
public final class KpiWriter implements AutoCloseable {
  private final StoreSettings.Kind store;

  private final InfluxDBClient client;

  public KpiWriter(StoreSettings settings) {
    this.store = settings.kind();
    InfluxDBClientOptions.Builder options =
        InfluxDBClientOptions.builder()
            .url(settings.url())
            .org(settings.org())
            .bucket(settings.bucket())
            .precision(WritePrecision.MS);
    if (settings.token() != null) {
      options.authenticateToken(settings.token().toCharArray());
    }
    if (settings.user() != null) {
      // QuestDB takes HTTP basic authentication, which the InfluxDB client does not send itself
      String basic = Credentials.basic(settings.user(), settings.password());
      options.okHttpClient(
          new OkHttpClient.Builder()
              .addInterceptor(
                  chain ->
                      chain.proceed(
                          chain.request().newBuilder().header("Authorization", basic).build())));
    }
    this.client = InfluxDBClientFactory.create(options.build());
  }

  public void write(Collection<KpiPoint> points) {
    if (points.isEmpty()) {
      return;
    }
    List<Point> lines = points.stream().map(p -> KpiSchema.toPoint(p, store)).toList();
    client.getWriteApiBlocking().writePoints(lines);
  }

  @Override
  public void close() {
    client.close();
  }
}
