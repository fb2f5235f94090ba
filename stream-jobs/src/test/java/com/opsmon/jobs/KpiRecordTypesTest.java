package com.opsmon.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.care.CareTotals;
import com.opsmon.jobs.care.ComplaintOrOrder;
import com.opsmon.jobs.care.ComplaintTotals;
import com.opsmon.jobs.care.OpenTickets;
import com.opsmon.jobs.care.TicketFact;
import com.opsmon.jobs.care.TicketState;
import com.opsmon.jobs.health.Arrival;
import com.opsmon.jobs.health.EventsIn;
import com.opsmon.jobs.health.LateEvents;
import com.opsmon.jobs.services.ServiceTotals;
import com.opsmon.jobs.storefront.ShopperActivity;
import com.opsmon.jobs.storefront.StorefrontTotals;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the KPI jobs keep in state or send between operators is written by Flink's own serializers
 * (POJO, with the sketch's own), never by Kryo: state then survives a change of Kryo or of the
 * class' internals in a savepoint.
 */
class KpiRecordTypesTest {
  @ParameterizedTest
  @ValueSource(
      classes = {
        ServiceTotals.class,
        CareTotals.class,
        ComplaintTotals.class,
        OpenTickets.class,
        TicketFact.class,
        TicketState.class,
        ComplaintOrOrder.class,
        StorefrontTotals.class,
        ShopperActivity.class,
        Arrival.class,
        EventsIn.class,
        LateEvents.class
      })
  void shouldBeWrittenWithoutKryo(Class<?> type) {
    TypeInformation<?> info = TypeInformation.of(type);

    assertThat(info).isInstanceOf(PojoTypeInfo.class);
    assertThat(info.toString()).doesNotContain("GenericType");
  }
}
