package com.opsmon.alerting.config;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

/**
 * A recurring window, such as a weekly maintenance: some days of the week and, on those days, some
 * times, in a time zone (so it follows daylight saving). Routes name it in {@code
 * mute_time_intervals} to send nothing while it lasts.
 */
public record TimeInterval(String name, ZoneId zone, List<Period> periods) {
  /**
   * On {@code weekdays} (all when empty), between {@code start} (inclusive) and {@code end}
   * (exclusive); an end of 00:00 or at or before the start runs into the next day.
   */
  public record Period(Set<DayOfWeek> weekdays, LocalTime start, LocalTime end) {
    public Period {
      weekdays = Set.copyOf(weekdays);
    }

    boolean contains(ZonedDateTime local) {
      LocalTime time = local.toLocalTime();
      boolean wraps = !end.isAfter(start);
      if (!wraps) {
        return onDay(local.getDayOfWeek()) && !time.isBefore(start) && time.isBefore(end);
      }
      if (!time.isBefore(start)) {
        return onDay(local.getDayOfWeek());
      }
      // the part after midnight belongs to the day the window started on
      return time.isBefore(end) && onDay(local.getDayOfWeek().minus(1));
    }

    private boolean onDay(DayOfWeek day) {
      return weekdays.isEmpty() || weekdays.contains(day);
    }
  }

  public TimeInterval {
    periods = List.copyOf(periods);
  }

  public boolean contains(Instant instant) {
    ZonedDateTime local = instant.atZone(zone);
    return periods.stream().anyMatch(p -> p.contains(local));
  }
}
