package com.servicekpi.staging;

import static com.servicekpi.testing.Fixtures.raw;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.servicekpi.formats.InputReader;
import com.servicekpi.sources.Source;
import com.servicekpi.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Each input row is usable or rejected with the first rule it breaks. */
class ValidateTest {
  private static String reason(Dataset<Row> typed) {
    List<Map<String, Object>> rows = Fixtures.rows(typed);
    assertEquals(1, rows.size());
    return (String) rows.get(0).get(Validate.REASON);
  }

  @Test
  void aMessageWithAnUnknownSenderIsRejected() {
    assertEquals("unknown sender 'customer' (expected buyer, agent, bot or system)",
        reason(Validate.messages(raw(Source.MESSAGES, "m1,b1,customer,2026-10-01 10:00:00,a1"))));
  }

  @Test
  void aMessageWithAnUnparseableTimestampIsRejected() {
    assertEquals("unparseable timestamp in sent_at",
        reason(Validate.messages(raw(Source.MESSAGES, "m1,b1,buyer,01/10/2026 10:00,a1"))));
  }

  @Test
  void anEmptyRequiredFieldIsRejected() {
    assertEquals("empty required field buyer_id",
        reason(Validate.messages(raw(Source.MESSAGES, "m1,,buyer,2026-10-01 10:00:00,a1"))));
  }

  @Test
  void aBuyerMessageWithoutAgentIsValidUnrouted() {
    assertNull(reason(Validate.messages(raw(Source.MESSAGES, "m1,b1,buyer,2026-10-01 10:00:00,"))));
  }

  @Test
  void timestampsWithOffsetZuluOrNoOffsetAreParsedToTheRightInstant() {
    Dataset<Row> typed = Validate.messages(raw(Source.MESSAGES,
        "m1,b1,buyer,2026-10-01T10:00:00+08:00,a1",
        "m2,b1,buyer,2026-10-01T02:00:00Z,a1",
        "m3,b1,buyer,2026-10-01 10:00:00,a1",
        "m4,b1,buyer,2026-10-01T04:00:00+02:00,a1"));
    List<Map<String, Object>> rows = Fixtures.rows(typed, "message_id");
    Object first = rows.get(0).get("sent_at");
    for (Map<String, Object> r : rows) {
      assertEquals(first, r.get("sent_at"), "message " + r.get("message_id"));
      assertEquals("2026-10-01", r.get("date").toString());
    }
  }

  @Test
  void aScoreOutsideOneToFiveOrNotWholeIsRejected() {
    Dataset<Row> typed = Validate.ratings(raw(Source.RATINGS,
        "a1,b1,2026-10-01 10:00:00,0", "a1,b1,2026-10-01 10:00:00,6", "a1,b1,2026-10-01 10:00:00,4.5",
        "a1,b1,2026-10-01 10:00:00,good", "a1,b1,2026-10-01 10:00:00,4.0"));
    List<Object> reasons = Fixtures.rows(typed, "score").stream().map(r -> r.get(Validate.REASON)).toList();
    assertEquals(4, reasons.stream().filter(r -> r != null && r.toString().contains("is not a whole number from 1 to 5")).count());
    assertEquals(1, reasons.stream().filter(r -> r == null).count());
  }

  @Test
  void tallyCountsRowsPerReasonAndDistinctIdsOfUsableRowsOnly() {
    Dataset<Row> typed = Validate.orders(raw(Source.ORDERS,
        "o1,b1,2026-10-01 10:00:00,5.00", "o1,b1,2026-10-01 10:00:00,5.00", "o2,b1,2026-10-01 11:00:00,7.00",
        "o3,b2,2026-10-01 12:00:00,-1.00", "o3,b2,2026-10-01 12:00:00,-1.00"));
    // sorted by reason as text: "amount ..." before "null" (the usable rows)
    Column distinctIds = count_distinct(when(col(Validate.REASON).isNull(), col("order_id")));
    List<Map<String, Object>> r = Fixtures.rows(Validate.tally(typed, distinctIds), Validate.REASON);
    assertEquals(2, r.size());
    assertEquals("amount '-1.00' is negative", r.get(0).get(Validate.REASON));
    assertEquals(2L, r.get(0).get("rows"));
    assertEquals(0L, r.get(0).get("ids"));
    assertNull(r.get(1).get(Validate.REASON));
    assertEquals(3L, r.get(1).get("rows"));
    assertEquals(2L, r.get(1).get("ids")); // o1 twice, o2
    // without an id column every usable row counts as its own id
    assertEquals(3L, Fixtures.rows(Validate.tally(typed, Validate.usableRows()), Validate.REASON).get(1).get("ids"));
  }

  @Test
  void ordersKeepTheirFileRecordAndRawRowOnlyWhenRejected() {
    Map<String, Map<String, Object>> byId = new java.util.HashMap<>();
    for (Map<String, Object> r : Fixtures.rows(Validate.orders(raw(Source.ORDERS,
        "o1,b1,2026-10-01 10:00:00,5.00", "o2,b1,2026-10-01 11:00:00,-1.00")))) {
      byId.put((String) r.get("order_id"), r);
    }
    assertNull(byId.get("o1").get(InputReader.FILE_COL));
    assertNull(byId.get("o1").get("raw"));
    assertEquals("fixture", byId.get("o2").get(InputReader.FILE_COL));
    assertEquals("{\"order_id\":\"o2\",\"buyer_id\":\"b1\",\"created_at\":\"2026-10-01 11:00:00\",\"amount\":\"-1.00\"}",
        byId.get("o2").get("raw"));
  }

  @Test
  void aConflictingVersionKeepsItsFileAndRawRow() {
    List<Map<String, Object>> rows = Fixtures.rows(Validate.orderVersions(raw(Source.ORDERS,
        "o3,b2,2026-10-01 12:00:00,1.00", "o3,b2,2026-10-01 12:00:00,2.00")), "raw");
    assertEquals(2, rows.size());
    for (Map<String, Object> r : rows) {
      assertEquals(CONFLICT, r.get(Validate.REASON));
      assertEquals("fixture", r.get(InputReader.FILE_COL));
    }
    assertTrue(rows.get(0).get("raw").toString().contains("\"amount\":\"1.00\""), rows.get(0).toString());
    assertTrue(rows.get(1).get("raw").toString().contains("\"amount\":\"2.00\""), rows.get(1).toString());
  }

  @Test
  void distinctIdHashesCountARepeatedOrderIdOnce() {
    Column ids = Validate.distinctIdHashes("order_id");
    // o1 twice and o2 usable, o3 rejected: 3 usable rows, 2 ids
    Map<String, Object> repeated = Fixtures.rows(Validate.tally(Validate.orders(raw(Source.ORDERS,
        "o1,b1,2026-10-01 10:00:00,5.00", "o1,b1,2026-10-01 10:00:00,5.00", "o2,b1,2026-10-01 11:00:00,7.00",
        "o3,b2,2026-10-01 12:00:00,-1.00")), ids), Validate.REASON).get(1);
    assertNull(repeated.get(Validate.REASON));
    assertEquals(3L, repeated.get("rows"));
    assertEquals(2L, repeated.get("ids"));
    // no repeat: as many ids as usable rows, which lets the run skip orderVersions
    Map<String, Object> distinct = Fixtures.rows(Validate.tally(Validate.orders(raw(Source.ORDERS,
        "o1,b1,2026-10-01 10:00:00,5.00", "o2,b1,2026-10-01 11:00:00,7.00")), ids)).get(0);
    assertEquals(2L, distinct.get("rows"));
    assertEquals(2L, distinct.get("ids"));
  }

  @Test
  void idsMayRepeatOnlyWhenThereAreFewerDistinctHashesThanUsableRows() {
    assertFalse(Validate.idsMayRepeat(3, 3));
    assertTrue(Validate.idsMayRepeat(3, 2));
    assertFalse(Validate.idsMayRepeat(0, 0));
  }

  @Test
  void tallyOfOrderVersionsCountsTheCopiesOnceAmongTheIds() {
    // o1 three identical copies, o2 once, o3 two conflicting versions: 4 usable rows, 2 ids
    Dataset<Row> typed = Validate.orderVersions(raw(Source.ORDERS,
        "o1,b1,2026-10-01 10:00:00,5.00", "o1,b1,2026-10-01 10:00:00,5.00", "o1,b1,2026-10-01 10:00:00,5.00",
        "o2,b1,2026-10-01 11:00:00,7.00", "o3,b2,2026-10-01 12:00:00,1.00", "o3,b2,2026-10-01 12:00:00,2.00"));
    // sorted by reason as text: "null" (the usable rows) before "order_id ..."
    Map<String, Object> usable = Fixtures.rows(Validate.tally(typed, Validate.firstCopies()), Validate.REASON).get(0);
    assertNull(usable.get(Validate.REASON));
    assertEquals(4L, usable.get("rows"));
    assertEquals(2L, usable.get("ids"));
  }

  @Test
  void usableOrdersKeepOneOfIdenticalCopiesAndNoConflictingVersion() {
    Dataset<Row> typed = Validate.orderVersions(raw(Source.ORDERS,
        "o1,b1,2026-10-01 10:00:00,5.00", "o1,b1,2026-10-01 10:00:00,5.00", "o2,b1,2026-10-01 11:00:00,7.00",
        "o3,b2,2026-10-01 12:00:00,1.00", "o3,b2,2026-10-01 12:00:00,2.00", "o4,b2,2026-10-01 12:00:00,-1.00"));
    List<Map<String, Object>> rows = Fixtures.rows(Validate.usable(typed), "order_id");
    assertEquals(List.of("o1", "o2"), rows.stream().map(r -> r.get("order_id")).toList());
    assertEquals(List.of("order_id", "buyer_id", "created_at", "paid_at", "amount", "order_date"),
        List.of(Validate.usable(typed).columns()));
  }

  private static final String CONFLICT = "order_id appears more than once with different content";

  /** order_id -> reasons of its rows, sorted, null as "ok" and a marked copy as "copy". */
  private static Map<String, List<String>> conflicts(String... rows) {
    Map<String, List<String>> out = new java.util.TreeMap<>();
    for (Map<String, Object> r : Fixtures.rows(Validate.orderVersions(raw(Source.ORDERS, rows)))) {
      Object reason = r.get(Validate.REASON);
      out.computeIfAbsent((String) r.get("order_id"), k -> new java.util.ArrayList<>())
          .add(reason != null ? reason.toString() : (Boolean) r.get(Validate.COPY) ? "copy" : "ok");
    }
    out.values().forEach(java.util.Collections::sort);
    return out;
  }

  @Test
  void identicalCopiesOfAnOrderAreNotConflicting() {
    assertEquals(Map.of("o1", List.of("copy", "ok"), "o2", List.of("ok")), conflicts(
        "o1,b1,2026-10-01 10:00:00,5.00,2026-10-01 10:05:00", "o1,b1,2026-10-01 10:00:00,5.00,2026-10-01 10:05:00",
        "o2,b1,2026-10-01 11:00:00,7.00,"));
  }

  @Test
  void everyVersionOfAnOrderWithDifferentContentIsRejected() {
    // o1: another amount; o2: paid in one version, unpaid in the other; o3 alone is fine.
    assertEquals(Map.of("o1", List.of(CONFLICT, CONFLICT), "o2", List.of(CONFLICT, CONFLICT), "o3", List.of("ok")),
        conflicts(
            "o1,b1,2026-10-01 10:00:00,5.00,", "o1,b1,2026-10-01 10:00:00,6.00,",
            "o2,b2,2026-10-01 10:00:00,5.00,2026-10-01 10:05:00", "o2,b2,2026-10-01 10:00:00,5.00,",
            "o3,b3,2026-10-01 10:00:00,5.00,"));
  }

  @Test
  void aRejectedRowDoesNotMakeItsOrderConflicting() {
    // The second o1 is rejected for its amount; the first one stays usable.
    assertEquals(Map.of("o1", List.of("amount '-1.00' is negative", "ok")), conflicts(
        "o1,b1,2026-10-01 10:00:00,5.00,", "o1,b1,2026-10-01 10:00:00,-1.00,"));
  }

  @Test
  void aNegativeOrNonNumericAmountIsRejected() {
    assertEquals("amount '-5.00' is negative",
        reason(Validate.orders(raw(Source.ORDERS, "o1,b1,2026-10-01 10:00:00,-5.00"))));
    assertEquals("amount '12.5.0' is not a number",
        reason(Validate.orders(raw(Source.ORDERS, "o1,b1,2026-10-01 10:00:00,12.5.0"))));
  }

  @Test
  void anUnparseablePaidAtIsRejectedButAnEmptyOneIsUnpaid() {
    assertEquals("unparseable timestamp in paid_at",
        reason(Validate.orders(raw(Source.ORDERS, "o1,b1,2026-10-01 10:00:00,5.00,yesterday"))));
    assertNull(reason(Validate.orders(raw(Source.ORDERS, "o1,b1,2026-10-01 10:00:00,5.00,"))));
  }

  @Test
  void rosterRowsWithAnUnknownRoleOrValidToNotAfterValidFromAreRejected() {
    assertEquals("unknown role 'sales' (expected presale, aftersale or other)",
        reason(Validate.roster(raw(Source.ROSTER, "a1,T1,sales,2026-01-01"))));
    assertEquals("valid_to is not after valid_from",
        reason(Validate.roster(raw(Source.ROSTER, "a1,T1,presale,2026-01-01,,,2026-01-01"))));
  }

  @Test
  void overlappingRosterRowsOfOneAgentAreBothRejected() {
    Dataset<Row> typed = Validate.roster(raw(Source.ROSTER,
        "a1,T1,presale,2026-01-01,,,2026-03-01",
        "a1,T2,presale,2026-02-01",
        "a2,T1,presale,2026-01-01,,,2026-03-01",
        "a2,T2,presale,2026-03-01"));
    for (Map<String, Object> r : Fixtures.rows(typed, "agent_id", "team_id")) {
      Object expected = r.get("agent_id").equals("a1") ? "overlaps another roster row of the same agent" : null;
      assertEquals(expected, r.get(Validate.REASON), r.toString());
    }
  }
}
