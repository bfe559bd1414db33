package com.servicekpi.model;

import static com.servicekpi.testing.Fixtures.messages;
import static com.servicekpi.testing.Fixtures.noRatings;
import static com.servicekpi.testing.Fixtures.orders;
import static com.servicekpi.testing.Fixtures.roster;
import static com.servicekpi.testing.Fixtures.row;
import static com.servicekpi.testing.Fixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.servicekpi.marts.KpiPipeline;
import com.servicekpi.testing.Fixtures;
import com.servicekpi.testing.Plans;
import com.servicekpi.testing.TestSpark;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.Test;

/** Spec §4: inquiries and last-touch attribution of orders. */
class ConversionTest {
  private static final Dataset<Row> ROSTER = roster(
      "a1,T1,presale,2026-01-01", "a2,T1,presale,2026-01-01", "a3,T2,aftersale,2026-01-01");

  private static KpiPipeline.Tables run(Dataset<Row> messages, Dataset<Row> orders) {
    return Fixtures.tables(messages, noRatings(), orders, ROSTER);
  }

  /** order_id -> agent it was attributed to. */
  private static List<Map<String, Object>> attributed(KpiPipeline.Tables t) {
    return rows(t.attributedOrders(), "order_id");
  }

  @Test
  void anOrderGoesToTheInquiryWithTheLatestFirstMessageBeforeIt() {
    KpiPipeline.Tables t = run(messages(
            "m1,b1,buyer,2026-10-01 10:00:00,a1",
            "m2,b1,buyer,2026-10-01 14:00:00,a2"),
        orders("o1,b1,2026-10-01 15:00:00,99.00,2026-10-01 15:01:00"));
    List<Map<String, Object>> a = attributed(t);
    assertEquals(1, a.size());
    assertEquals("a2", a.get(0).get("agent_id"));
  }

  @Test
  void aTieOnTheFirstMessageGoesToTheSmallerAgentId() {
    KpiPipeline.Tables t = run(messages(
            "m1,b1,buyer,2026-10-01 10:00:00,a2",
            "m2,b1,buyer,2026-10-01 10:00:00,a1"),
        orders("o1,b1,2026-10-01 15:00:00,99.00"));
    assertEquals("a1", attributed(t).get(0).get("agent_id"));
  }

  @Test
  void anInquiryThatStartsAfterTheOrderDoesNotGetIt() {
    KpiPipeline.Tables t = run(messages("m1,b1,buyer,2026-10-01 14:00:00,a1"),
        orders("o1,b1,2026-10-01 13:59:59,99.00"));
    assertEquals(0, attributed(t).size());
  }

  @Test
  void anOrderPlacedAtTheFirstMessageInstantIsAttributed() {
    KpiPipeline.Tables t = run(messages("m1,b1,buyer,2026-10-01 14:00:00,a1"),
        orders("o1,b1,2026-10-01 14:00:00,99.00"));
    assertEquals(1, attributed(t).size());
  }

  @Test
  void theWindowReachesTheNextDayButNotTheDayAfter() {
    // window-days = 1: an order of 10-02 may go to an inquiry of 10-01, one of 10-03 may not.
    KpiPipeline.Tables t = run(messages("m1,b1,buyer,2026-10-01 10:00:00,a1"),
        orders("o1,b1,2026-10-02 23:59:59,10.00", "o2,b1,2026-10-03 00:00:00,20.00"));
    List<Map<String, Object>> a = attributed(t);
    assertEquals(1, a.size());
    assertEquals("o1", a.get(0).get("order_id"));
  }

  @Test
  void aWindowOfZeroDaysKeepsOrdersToTheInquirysOwnDate() {
    KpiPipeline.Tables t = KpiPipeline.compute(
        new KpiPipeline.Inputs(messages("m1,b1,buyer,2026-10-01 10:00:00,a1"), noRatings(),
            orders("o1,b1,2026-10-01 23:00:00,10.00", "o2,b1,2026-10-02 01:00:00,20.00"), ROSTER),
        new KpiPipeline.Params(24L * 3600 * 1_000_000, 0, 4, 2), null);
    List<Map<String, Object>> a = attributed(t);
    assertEquals(1, a.size());
    assertEquals("o1", a.get(0).get("order_id"));
  }

  @Test
  void aReceptionByAnAgentWhoIsNotPresaleIsNoInquiry() {
    KpiPipeline.Tables t = run(messages("m1,b1,buyer,2026-10-01 10:00:00,a3"),
        orders("o1,b1,2026-10-01 11:00:00,10.00,2026-10-01 11:00:00"));
    assertEquals(0, attributed(t).size());
    Map<String, Object> r = row(t.receptions(), "agent_id", "a3");
    assertEquals(false, r.get("inquiry"));
    assertEquals(false, r.get("ordered"));
  }

  @Test
  void anInquiryIsOrderedWithAnyOrderPaidWithAPaidOneAndSalesSumOnlyPaidOrders() {
    KpiPipeline.Tables t = run(messages(
            "m1,b1,buyer,2026-10-01 10:00:00,a1",
            "m2,b2,buyer,2026-10-01 10:00:00,a2"),
        orders("o1,b1,2026-10-01 11:00:00,100.00,2026-10-01 11:05:00",
            "o2,b1,2026-10-01 12:00:00,50.00",
            "o3,b1,2026-10-01 12:30:00,0.50,2026-10-08 09:00:00",
            "o4,b2,2026-10-01 12:00:00,70.00"));
    Map<String, Object> b1 = row(t.receptions(), "buyer_id", "b1");
    assertEquals(true, b1.get("ordered"));
    assertEquals(true, b1.get("paid"));
    assertEquals(new BigDecimal("100.50"), b1.get("sales_amount"));
    Map<String, Object> b2 = row(t.receptions(), "buyer_id", "b2");
    assertEquals(true, b2.get("ordered"));
    assertEquals(false, b2.get("paid"));
    assertEquals(new BigDecimal("0.00"), b2.get("sales_amount"));
  }

  @Test
  void anOrderMarksOnlyTheInquiryOfItsDateWhenTheSameBuyerAndAgentTalkedOnAnotherDay() {
    // b1 and a1 talk on 10-01 and 10-02; the order goes to the 10-02 inquiry (the latest first
    // message before it), so only that reception is ordered, paid and has the sales.
    KpiPipeline.Tables t = run(messages("m1,b1,buyer,2026-10-01 10:00:00,a1", "m2,b1,buyer,2026-10-02 10:00:00,a1"),
        orders("o1,b1,2026-10-02 11:00:00,10.00,2026-10-02 11:05:00"));
    List<Map<String, Object>> r = rows(t.receptions(), "date");
    assertEquals(List.of("2026-10-01", "2026-10-02"), r.stream().map(x -> String.valueOf(x.get("date"))).toList());
    assertEquals(List.of(false, true), r.stream().map(x -> x.get("ordered")).toList());
    assertEquals(List.of(false, true), r.stream().map(x -> x.get("paid")).toList());
    assertEquals(List.of(new BigDecimal("0.00"), new BigDecimal("10.00")),
        r.stream().map(x -> x.get("sales_amount")).toList());
  }

  @Test
  void ordersOfOtherBuyersAreNeverAttributed() {
    KpiPipeline.Tables t = run(messages("m1,b1,buyer,2026-10-01 10:00:00,a1"),
        orders("o1,b9,2026-10-01 11:00:00,10.00"));
    assertEquals(0, attributed(t).size());
  }

  @Test
  void theOutcomesJoinReadsTheCachedReceptionsWithoutShufflingThem() {
    // The receptions' cache comes partitioned by (buyer, agent) from the conversations' sort; the
    // outcomes join, keyed by (buyer, agent) with the date as a condition, reads it as it is. With
    // the date as a key the cache is shuffled again (9.1M rows, 1.6 GB at 50M messages).
    TestSpark.withConf(Plans.NO_BROADCAST, () -> {
      KpiPipeline.Tables t = run(messages("m1,b1,buyer,2026-10-01 10:00:00,a1", "m2,b2,buyer,2026-10-02 10:00:00,a2"),
          orders("o1,b1,2026-10-01 11:00:00,10.00,2026-10-01 11:05:00"));
      Dataset<Row> receptions = t.receptions();
      assertEquals(2, receptions.collectAsList().size());
      // The table reads the facts' cache, whose own plan (final once run) holds the join.
      SparkPlan facts = Plans.cacheWith(receptions.queryExecution().executedPlan(), "inquiry").node().relation()
          .cachedPlan();
      Plans.CacheScan cached = Plans.cacheWith(facts, "role");
      assertEquals(List.of(), Plans.shufflesUnderJoin(cached),
          "the cached receptions are shuffled for the outcomes join: " + cached.path());
      return null;
    });
  }
}
