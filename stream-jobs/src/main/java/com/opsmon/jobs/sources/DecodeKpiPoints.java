package com.opsmon.jobs.sources;

import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiPoint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads KPI points back from the {@code opsmon.kpis} topic; a record that is not one is logged and
 * skipped.
 */
public final class DecodeKpiPoints implements KafkaRecordDeserializationSchema<KpiPoint> {
  private static final Logger log = LoggerFactory.getLogger(DecodeKpiPoints.class);

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KpiPoint> out) {
    try {
      out.collect(Json.read(record.value(), KpiPoint.class));
    } catch (RuntimeException e) {
      // only the stream jobs write this topic: a bad record is a bug to log, not data to keep
      log.error(
          "skipping a record on {} at {}:{} that is not a KPI point: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
    }
  }

  @Override
  public TypeInformation<KpiPoint> getProducedType() {
    return TypeInformation.of(KpiPoint.class);
  }
}
