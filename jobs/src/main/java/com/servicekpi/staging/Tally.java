package com.servicekpi.staging;

import java.util.ArrayList;
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

  /**
   * The rows the mapping's filter keeps: the rejected share is of these (filtered rows were never
   * meant to be used).
   */
  public long considered() {
    return read - filtered;
  }

  /** Rows rejected for any reason. */
  public long rejectedRows() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The n most frequent reasons with their counts, the most frequent first (ties by reason). */
  public Map<String, Long> topReasons(int n) {
    List<Map.Entry<String, Long>> byCount = new ArrayList<>(rejected.entrySet());
    byCount.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    Map<String, Long> out = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : byCount.subList(0, Math.min(n, byCount.size()))) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  /**
   * The gate of validation.max-rejected-share: whether more than that share of the considered
   * rows is rejected (a run then publishes nothing).
   */
  public boolean rejectsAbove(double maxShare) {
    return considered() > 0 && rejectedRows() > maxShare * considered();
  }
}
