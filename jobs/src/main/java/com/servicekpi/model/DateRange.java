package com.servicekpi.model;

import java.time.LocalDate;
import java.time.YearMonth;

/** An inclusive range of local dates. */
public record DateRange(LocalDate from, LocalDate to) {
  public DateRange {
    if (from == null || to == null) {
      throw new IllegalArgumentException("a date range needs both --from and --to");
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--to " + to + " is before --from " + from);
    }
  }

  /** From the first day of from's month to the last day of to's month. */
  public DateRange wholeMonths() {
    return new DateRange(from.withDayOfMonth(1), YearMonth.from(to).atEndOfMonth());
  }

  public boolean contains(LocalDate d) {
    return !d.isBefore(from) && !d.isAfter(to);
  }
}
