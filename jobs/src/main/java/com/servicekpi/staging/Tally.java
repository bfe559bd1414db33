package com.servicekpi.staging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * A validated source's counts, from the rows of {@link Validate#tally}: the rows read, the
 * usable ones (no reason), the distinct ids among them and the rejected rows per reason.
 */
public record Tally(long read, long filtered, long usable, long usableIds, Map<String, Long> rejected) {
  public static Tally of(List<Row> rows) {
    long read = 0;
    long filtered = 0;
    long usable = 0;
    long ids = 0;
    Map<String, Long> rejected = new LinkedHashMap<>();
    for (Row r : rows) {
      long n = r.getLong(r.fieldIndex("rows"));
      read += n;
      if (r.isNullAt(r.fieldIndex(Validate.REASON))) {
        usable = n;
        ids = r.getLong(r.fieldIndex("ids"));
      } else if (Validate.FILTERED.equals(r.getString(r.fieldIndex(Validate.REASON)))) {
        filtered = n;
      } else {
        rejected.put(r.getString(r.fieldIndex(Validate.REASON)), n);
      }
    }
    return new Tally(read, filtered, usable, ids, rejected);
  }
}
