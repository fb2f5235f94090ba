package com.opsmon.jobs;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/**
 * Days for simulated tests, placed relative to the clock instead of on a fixed date. The simulated
 * retailer's traffic depends only on its seed, the weekday and the hour, so the same weekday a
 * whole number of weeks earlier replays the same day shifted in time: the same events at the same
 * times of day, only their ids (drawn from the start) differ.
 */
public final class SimulatedDays {
  private SimulatedDays() {}

  /** Midnight UTC of the latest {@code day} at least a week before today. */
  public static Instant aWeekOrMoreAgo(DayOfWeek day) {
    return LocalDate.now(ZoneOffset.UTC)
        .minusWeeks(1)
        .with(TemporalAdjusters.previousOrSame(day))
        .atStartOfDay(ZoneOffset.UTC)
        .toInstant();
  }
}
