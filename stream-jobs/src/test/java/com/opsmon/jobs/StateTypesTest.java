package com.opsmon.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.fulfilment.BacklogChange;
import com.opsmon.jobs.fulfilment.FulfilmentFact;
import com.opsmon.jobs.fulfilment.FulfilmentTotals;
import com.opsmon.jobs.fulfilment.OpenOrders;
import com.opsmon.jobs.fulfilment.OrderState;
import com.opsmon.jobs.fulfilment.TrackBacklog;
import com.opsmon.jobs.inventory.StockCell;
import com.opsmon.jobs.inventory.StockChanges;
import com.opsmon.jobs.inventory.StockMinute;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/**
 * What the jobs keep in state and send between operators is serialized by Flink's own POJO
 * serializer, field by field, never by Kryo: a field added later then restores from a savepoint.
 */
class StateTypesTest {
  @Test
  void shouldSerializeStateAndRecordsAsPojosWithNoGenericField() {
    for (Class<?> type :
        new Class<?>[] {
          OrderState.class,
          FulfilmentFact.class,
          BacklogChange.class,
          FulfilmentTotals.class,
          OpenOrders.class,
          TrackBacklog.BacklogLevel.class,
          StockCell.class,
          StockChanges.class,
          StockMinute.class
        }) {
      TypeInformation<?> info = TypeInformation.of(type);
      assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
      PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) info;
      for (int i = 0; i < pojo.getArity(); i++) {
        assertThat(pojo.getPojoFieldAt(i).getTypeInformation())
            .as(type.getSimpleName() + "." + pojo.getPojoFieldAt(i).getField().getName())
            .isNotInstanceOf(GenericTypeInfo.class);
      }
    }
  }
}
