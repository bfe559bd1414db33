package com.servicekpi.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** A source's row accounting and the rejected-share gate, one rule per test. */
class TallyTest {
  private static final StructType ROWS = new StructType().add(Validate.REASON, DataTypes.StringType)
      .add("rows", DataTypes.LongType).add("ids", DataTypes.LongType);

  private static Row row(String reason, long rows, long ids) {
    return new GenericRowWithSchema(new Object[] {reason, rows, ids}, ROWS);
  }

  private static Tally tally(long read, long filtered, Map<String, Long> rejected) {
    long rejectedRows = rejected.values().stream().mapToLong(Long::longValue).sum();
    return new Tally(read, filtered, read - filtered - rejectedRows, read - filtered - rejectedRows, rejected);
  }

  @Test
  void theTallyRowsGiveReadFilteredUsableIdsAndTheRejectedPerReason() {
    Tally t = Tally.of(List.of(row(null, 90, 88), row(Validate.FILTERED, 6, 0), row("bad sent_at", 3, 0),
        row("no buyer_id", 1, 0)));
    assertEquals(100, t.read());
    assertEquals(6, t.filtered());
    assertEquals(90, t.usable());
    assertEquals(88, t.usableIds());
    assertEquals(Map.of("bad sent_at", 3L, "no buyer_id", 1L), t.rejected());
  }

  @Test
  void theRejectedShareIsOfTheRowsTheFilterKeeps() {
    Tally t = tally(100, 60, Map.of("bad score", 2L));
    assertEquals(40, t.considered());
    assertEquals(2, t.rejectedRows());
    // 2 of 40 is 5%: above 4%, not above 5%
    assertTrue(t.rejectsAbove(0.04));
    assertFalse(t.rejectsAbove(0.05));
  }

  @Test
  void aSourceWithNoRowsKeptPassesTheGate() {
    assertFalse(tally(10, 10, Map.of()).rejectsAbove(0.0));
  }

  @Test
  void theTopReasonsAreTheMostFrequentFirstWithTiesInTheOrderOfTheReason() {
    Map<String, Long> rejected = new LinkedHashMap<>();
    rejected.put("d", 1L);
    rejected.put("c", 5L);
    rejected.put("b", 2L);
    rejected.put("a", 2L);
    Tally t = tally(100, 0, rejected);
    assertEquals(List.of("c", "a", "b"), List.copyOf(t.topReasons(3).keySet()));
    assertEquals(List.of(5L, 2L, 2L), List.copyOf(t.topReasons(3).values()));
    assertEquals(4, t.topReasons(9).size());
  }
}
