package com.servicekpi.marts;

import static com.servicekpi.testing.Fixtures.messages;
import static com.servicekpi.testing.Fixtures.noCalls;
import static com.servicekpi.testing.Fixtures.noOrders;
import static com.servicekpi.testing.Fixtures.noRatings;
import static com.servicekpi.testing.Fixtures.orders;
import static com.servicekpi.testing.Fixtures.ratings;
import static com.servicekpi.testing.Fixtures.roster;
import static com.servicekpi.testing.Fixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.servicekpi.testing.Fixtures;
import com.servicekpi.testing.Plans;
import com.servicekpi.testing.TestSpark;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Spec §5: the aggregate tables, one rule per test. */
class AggregatesTest {
  private static final Dataset<Row> ROSTER = roster(
      "a1,T1,presale,2026-01-01,王静,售前一组",
      "a2,T1,presale,2026-01-01,李明,售前一组,2026-10-02",
      "a2,T2,presale,2026-10-02,李明,售前二组",
      "a3,T3,aftersale,2026-01-01,张敏,售后组",
      "a4,T2,presale,2026-01-01,刘洋,售前二组");

  private static KpiPipeline.Tables run(Dataset<Row> messages, Dataset<Row> ratings, Dataset<Row> orders) {
    return Fixtures.tables(messages, ratings, orders, ROSTER);
  }

  @Test
  void teamInquiriesAndOrderedBuyersCountDistinctBuyers() {
    // b1 asks a1 and a2 (both T1) the same day and orders: each agent has one inquiry, the team one buyer.
    KpiPipeline.Tables t = run(messages(
            "m1,b1,buyer,2026-10-01 10:00:00,a1",
            "m2,b1,buyer,2026-10-01 11:00:00,a2"),
        noRatings(), orders("o1,b1,2026-10-01 12:00:00,10.00,2026-10-01 12:00:00"));
    assertEquals(1L, row(t.agentDaily(), "agent_id", "a1").get("inquiries"));
    assertEquals(1L, row(t.agentDaily(), "agent_id", "a2").get("inquiries"));
    assertEquals(0L, row(t.agentDaily(), "agent_id", "a1").get("ordered_buyers"));
    assertEquals(1L, row(t.agentDaily(), "agent_id", "a2").get("ordered_buyers"));
    Map<String, Object> team = row(t.teamDaily(), "team_id", "T1");
    assertEquals(2L, team.get("receptions"));
    assertEquals(1L, team.get("inquiries"));
    assertEquals(1L, team.get("ordered_buyers"));
    assertEquals(1.0, team.get("inquiry_conversion_rate"));
  }

  @Test
  void theAllRowCoversEveryTeamWithDistinctBuyersAcrossTeams() {
    KpiPipeline.Tables t = run(messages(
            "m1,b1,buyer,2026-10-01 10:00:00,a1",
            "m2,b1,buyer,2026-10-01 11:00:00,a4",
            "m3,b2,buyer,2026-10-01 11:00:00,a3"),
        noRatings(), noOrders());
    Map<String, Object> all = row(t.teamDaily(), "team_id", "_all");
    assertEquals(3L, all.get("receptions"));
    assertEquals(1L, all.get("inquiries"));
    assertEquals(3L, all.get("agents"));
    assertNull(all.get("team_name"));
  }

  @Test
  void aMonthsAgentsAreAHeadCountNotAgentDays() {
    // a1 in T1 on two days; a2 in T1 on 10-01, then in T2 (roster) on 10-02 and 10-03
    KpiPipeline.Tables t = run(messages(
            "m1,b1,buyer,2026-10-01 10:00:00,a1",
            "m2,b2,buyer,2026-10-02 10:00:00,a1",
            "m3,b3,buyer,2026-10-01 10:00:00,a2",
            "m4,b4,buyer,2026-10-02 10:00:00,a2",
            "m5,b5,buyer,2026-10-03 10:00:00,a2"),
        noRatings(), noOrders());
    assertEquals(2L, row(t.teamMonthly(), "team_id", "T1").get("agents"));
    assertEquals(1L, row(t.teamMonthly(), "team_id", "T2").get("agents"));
    // a2 counts in both teams and once in _all
    assertEquals(2L, row(t.teamMonthly(), "team_id", "_all").get("agents"));
    assertEquals(3L, row(t.teamMonthly(), "team_id", "T1").get("receptions"));
  }

  @Test
  void anAgentWithoutARosterRowIsUnassignedWithRoleOther() {
    KpiPipeline.Tables t = run(messages("m1,b1,buyer,2026-10-01 10:00:00,a9"), noRatings(), noOrders());
    Map<String, Object> a9 = row(t.agentDaily(), "agent_id", "a9");
    assertEquals("_unassigned", a9.get("team_id"));
    assertNull(a9.get("agent_name"));
    assertEquals(0L, a9.get("inquiries"));
    assertEquals("other", row(t.receptions(), "agent_id", "a9").get("role"));
    assertEquals(1L, row(t.teamDaily(), "team_id", "_unassigned").get("receptions"));
  }

  @Test
  void receptionsBelongToTheTeamOfTheirDateAndTheMonthlyTeamIsTheLastOne() {
    KpiPipeline.Tables t = run(messages(
            "m1,b1,buyer,2026-10-01 10:00:00,a2",
            "m2,b2,buyer,2026-10-02 10:00:00,a2"),
        noRatings(), noOrders());
    assertEquals("T1", row(t.agentDaily(), "agent_id", "a2", "date", "2026-10-01").get("team_id"));
    assertEquals("T2", row(t.agentDaily(), "agent_id", "a2", "date", "2026-10-02").get("team_id"));
    Map<String, Object> monthly = row(t.agentMonthly(), "agent_id", "a2");
    assertEquals("T2", monthly.get("team_id"));
    assertEquals("售前二组", monthly.get("team_name"));
    assertEquals(2L, monthly.get("receptions"));
    assertEquals(1L, row(t.teamMonthly(), "team_id", "T1").get("receptions"));
    assertEquals(1L, row(t.teamMonthly(), "team_id", "T2").get("receptions"));
  }

  @Test
  void anAgentDayWithOnlyRatingsTakesTheNameAndTeamOfItsDate() {
    // a2 receives b1 on Oct 1 (team T1) and is rated on Oct 2, when it is in T2; a9 has no roster row.
    KpiPipeline.Tables t = run(messages("m1,b1,buyer,2026-10-01 10:00:00,a2"),
        ratings("a2,b1,2026-10-02 09:00:00,5", "a9,b2,2026-10-02 09:00:00,1"), noOrders());
    Map<String, Object> rated = row(t.agentDaily(), "agent_id", "a2", "date", "2026-10-02");
    assertEquals(List.of(0L, 1L, 1L, "T2", "售前二组", "李明"), List.of(rated.get("receptions"), rated.get("ratings"),
        rated.get("satisfied"), rated.get("team_id"), rated.get("team_name"), rated.get("agent_name")));
    assertEquals("T1", row(t.agentDaily(), "agent_id", "a2", "date", "2026-10-01").get("team_id"));
    // The month's latest agent-day of a2 is the one with only a rating.
    assertEquals("T2", row(t.agentMonthly(), "agent_id", "a2").get("team_id"));
    Map<String, Object> a9 = row(t.agentDaily(), "agent_id", "a9");
    assertEquals(List.of(1L, 1L, "_unassigned"), List.of(a9.get("ratings"), a9.get("dissatisfied"), a9.get("team_id")));
    assertNull(a9.get("agent_name"));
    assertEquals(1L, row(t.teamDaily(), "team_id", "T2").get("ratings"));
    assertEquals(0L, row(t.teamDaily(), "team_id", "T2").get("agents"));
  }

  @Test
  void agentDayStatisticsAreShuffledByDateAndAgentWithoutNames() {
    // Facts as the pipeline has them: with the agent's name and team, which the aggregation must
    // neither group nor shuffle by. a1 has two receptions and a rating on Oct 1.
    org.apache.spark.sql.SparkSession spark = com.servicekpi.testing.TestSpark.session();
    Dataset<Row> receptions = spark.sql("SELECT DATE'2026-10-01' AS date, 'a1' AS agent_id, 'x' AS agent_name,"
        + " 'Tx' AS team_id, 'y' AS team_name, true AS replied, 2L AS answered_rounds, 3L AS rounds,"
        + " 10.0D AS first_response_s, 30.0D AS response_sum_s, true AS inquiry, true AS ordered, false AS paid,"
        + " CAST(0 AS DECIMAL(18,2)) AS sales_amount"
        + " UNION ALL SELECT DATE'2026-10-01', 'a1', 'x', 'Tx', 'y', false, 0L, 1L, NULL, NULL, true, false, false,"
        + " CAST(0 AS DECIMAL(18,2))");
    Dataset<Row> ratings = spark.sql(
        "SELECT DATE'2026-10-01' AS date, 'a1' AS agent_id, true AS satisfied, false AS dissatisfied");
    Dataset<Row> roster = spark.sql("SELECT 'a1' AS agent_id, '王静' AS agent_name, 'T1' AS team_id,"
        + " '售前一组' AS team_name, 'presale' AS role, DATE'2026-01-01' AS valid_from, CAST(NULL AS DATE) AS valid_to");
    Dataset<Row> stats = Aggregates.agentDays(receptions, ratings, noCalls(), roster);
    assertEquals("[[2026-10-01,a1,王静,T1,售前一组,2,1,2,4,1,2,1,1,1,0]]",
        stats.select("date", "agent_id", "agent_name", "team_id", "team_name", "receptions", "replied",
            "answered_rounds", "rounds", "_fr_n", "inquiries", "ordered_buyers", "ratings", "satisfied",
            "dissatisfied").collectAsList().toString());
    // The final plan (adaptive execution prints the initial one after it): one shuffle, keyed by
    // the date and the agent only; the roster is broadcast to the agent-day rows after it.
    String plan = stats.queryExecution().executedPlan().toString().split("== Initial Plan ==")[0];
    assertEquals(1, plan.split("Exchange hashpartitioning", -1).length - 1, plan);
    assertTrue(plan.matches("(?s).*Exchange hashpartitioning\\(date#\\d+, agent_id#\\d+, \\d+\\).*"), plan);
  }

  @Test
  void agentMonthsAreAHashAggregationOfTheAgentDays() {
    // Their name and team (the latest agent-day's roster row) are checked by the tests above.
    KpiPipeline.Tables t = run(messages("m1,b1,buyer,2026-10-01 10:00:00,a1"), noRatings(), noOrders());
    assertEquals(1L, row(t.agentMonthly(), "agent_id", "a1").get("receptions"));
    // The aggregation of the cached agent-days (the plan down to the first cached table) is
    // hash-based: a "latest" struct of text values would need a sort-based one.
    String plan = t.agentMonthly().queryExecution().executedPlan().toString().split("InMemoryRelation")[0];
    assertTrue(plan.contains("HashAggregate") && !plan.contains("SortAggregate"), plan);
  }

  @Test
  void ratesAndAveragesWithAZeroDenominatorAreNull() {
    // a3 has a rating but no reception that day: a row with zero counts and null rates.
    KpiPipeline.Tables t = run(messages("m1,b1,buyer,2026-10-01 10:00:00,a1"),
        ratings("a3,b5,2026-10-01 12:00:00,5"), noOrders());
    Map<String, Object> a3 = row(t.agentDaily(), "agent_id", "a3");
    assertEquals(0L, a3.get("receptions"));
    assertNull(a3.get("response_rate"));
    assertNull(a3.get("first_response_avg_s"));
    assertNull(a3.get("first_response_p50_s"));
    assertNull(a3.get("response_avg_s"));
    assertNull(a3.get("inquiry_conversion_rate"));
    assertNull(a3.get("avg_order_value"));
    assertEquals(new BigDecimal("0.00"), a3.get("sales_amount"));
    assertEquals(1L, a3.get("ratings"));
    assertEquals(1.0, a3.get("satisfaction_rate"));
    // a1: one unanswered reception, so response_rate 0 (not null) but no response times
    Map<String, Object> a1 = row(t.agentDaily(), "agent_id", "a1");
    assertEquals(0.0, a1.get("response_rate"));
    assertNull(a1.get("first_response_avg_s"));
    assertNull(a1.get("satisfaction_rate"));
  }

  @Test
  void firstResponsePercentilesInterpolateLinearly() {
    KpiPipeline.Tables t = run(messages(
            "m1,b1,buyer,2026-10-01 10:00:00,a1", "m2,b1,agent,2026-10-01 10:00:10,a1",
            "m3,b2,buyer,2026-10-01 10:00:00,a1", "m4,b2,agent,2026-10-01 10:00:20,a1",
            "m5,b3,buyer,2026-10-01 10:00:00,a1", "m6,b3,agent,2026-10-01 10:00:30,a1",
            "m7,b4,buyer,2026-10-01 10:00:00,a1", "m8,b4,agent,2026-10-01 10:00:40,a1"),
        noRatings(), noOrders());
    Map<String, Object> a1 = row(t.agentDaily(), "agent_id", "a1");
    assertEquals(25.0, a1.get("first_response_avg_s"));
    assertEquals(25.0, a1.get("first_response_p50_s"));
    assertEquals(37.0, (double) a1.get("first_response_p90_s"), 1e-9);
  }

  @Test
  void responseAverageIsOverAnsweredRounds() {
    KpiPipeline.Tables t = run(messages(
            "m1,b1,buyer,2026-10-01 10:00:00,a1", "m2,b1,agent,2026-10-01 10:00:10,a1",
            "m3,b1,buyer,2026-10-01 11:00:00,a1", "m4,b1,agent,2026-10-01 11:00:50,a1",
            "m5,b2,buyer,2026-10-01 12:00:00,a1"),
        noRatings(), noOrders());
    Map<String, Object> a1 = row(t.agentDaily(), "agent_id", "a1");
    assertEquals(3L, a1.get("rounds"));
    assertEquals(2L, a1.get("answered_rounds"));
    assertEquals(30.0, a1.get("response_avg_s"));
    assertEquals(2L, a1.get("receptions"));
    assertEquals(1L, a1.get("replied"));
    assertEquals(0.5, a1.get("response_rate"));
    assertEquals(10.0, a1.get("first_response_avg_s"));
  }

  @Test
  void monthlyCountsSumTheDaysAndPercentilesUseEveryFirstResponseOfTheMonth() {
    KpiPipeline.Tables t = run(messages(
            "m1,b1,buyer,2026-10-01 10:00:00,a1", "m2,b1,agent,2026-10-01 10:00:10,a1",
            "m3,b1,buyer,2026-10-02 10:00:00,a1", "m4,b1,agent,2026-10-02 10:00:20,a1",
            "m5,b2,buyer,2026-10-02 10:00:00,a1", "m6,b2,agent,2026-10-02 10:00:30,a1"),
        noRatings(), noOrders());
    Map<String, Object> team = row(t.teamMonthly(), "team_id", "T1");
    assertEquals("2026-10", team.get("month"));
    assertEquals(3L, team.get("receptions"));
    assertEquals(3L, team.get("inquiries")); // b1 on two days counts twice, as in the daily sums
    assertEquals(1L, team.get("agents"));    // a1 on two days: one head (spec v2 §5), not two agent-days
    assertEquals(20.0, team.get("first_response_p50_s"));
    assertEquals(28.0, (double) team.get("first_response_p90_s"), 1e-9);
    assertEquals(20.0, team.get("first_response_avg_s"));
  }

  @Test
  void agentsCountsOnlyAgentsWithAReception() {
    KpiPipeline.Tables t = run(messages("m1,b1,buyer,2026-10-01 10:00:00,a1"),
        ratings("a2,b5,2026-10-01 12:00:00,2"), noOrders());
    Map<String, Object> team = row(t.teamDaily(), "team_id", "T1");
    assertEquals(1L, team.get("agents"));
    assertEquals(1L, team.get("ratings"));
    assertEquals(1L, team.get("dissatisfied"));
    assertEquals(0.0, team.get("satisfaction_rate"));
  }

  @Test
  void averageOrderValueIsSalesOverPaidBuyersRoundedToCents() {
    KpiPipeline.Tables t = run(messages(
            "m1,b1,buyer,2026-10-01 10:00:00,a1", "m2,b2,buyer,2026-10-01 10:00:00,a1",
            "m3,b3,buyer,2026-10-01 10:00:00,a1"),
        noRatings(), orders(
            "o1,b1,2026-10-01 11:00:00,50.00,2026-10-01 11:00:00",
            "o2,b2,2026-10-01 11:00:00,30.00,2026-10-01 11:00:00",
            "o3,b3,2026-10-01 11:00:00,20.00,2026-10-01 11:00:00"));
    Map<String, Object> a1 = row(t.agentDaily(), "agent_id", "a1");
    assertEquals(new BigDecimal("100.00"), a1.get("sales_amount"));
    assertEquals(3L, a1.get("paid_buyers"));
    assertEquals(new BigDecimal("33.33"), a1.get("avg_order_value"));
    assertEquals(1.0, a1.get("paid_conversion_rate"));
  }

  @Test
  void windowPercentilesEqualSparksPercentileAggregate() {
    // 40 groups of 1 to 40 values with ties: the sort-based percentiles against Spark's own.
    org.apache.spark.sql.SparkSession spark = com.servicekpi.testing.TestSpark.session();
    java.util.Random random = new java.util.Random(7);
    List<Row> values = new java.util.ArrayList<>();
    for (int g = 0; g < 40; g++) {
      for (int i = 0; i <= g; i++) {
        values.add(org.apache.spark.sql.RowFactory.create("g" + g, (double) random.nextInt(30) + random.nextInt(4) / 4.0));
      }
    }
    Dataset<Row> v = spark.createDataFrame(values, new org.apache.spark.sql.types.StructType()
        .add("g", "string").add("v", "double"));
    Map<String, Row> expected = new java.util.HashMap<>();
    for (Row r : v.groupBy("g").agg(org.apache.spark.sql.functions.expr("percentile(v, array(0.5, 0.9))").as("p"))
        .collectAsList()) {
      expected.put(r.getString(0), r);
    }
    List<Row> got = Aggregates.percentiles(v, List.of("g"), "v", null, 0.5, 0.9).collectAsList();
    assertEquals(40, got.size());
    for (Row r : got) {
      List<Double> p = expected.get(r.getString(0)).getList(1);
      assertEquals(p.get(0), r.getAs("p50"), r.getString(0) + " p50");
      assertEquals(p.get(1), r.getAs("p90"), r.getString(0) + " p90");
    }
  }

  @Test
  void weightedPercentilesEqualThoseOfTheValuesRepeated() {
    // g1: 10 once, 20 three times, 40 twice -> sorted 10,20,20,20,40,40 (n = 6).
    // p50: position 2.5, between 20 and 20 -> 20. p90: position 4.5, between 40 and 40 -> 40.
    // g2: 5 once, 7 once, 9 twice -> 5,7,9,9 (n = 4). p50: position 1.5 -> 7 + 0.5 * 2 = 8.
    // p90: position 2.7, between 9 and 9 -> 9. g3: 3 four times -> 3 and 3.
    org.apache.spark.sql.SparkSession spark = com.servicekpi.testing.TestSpark.session();
    Dataset<Row> counted = spark.createDataFrame(List.of(
            org.apache.spark.sql.RowFactory.create("g1", 40.0, 2L),
            org.apache.spark.sql.RowFactory.create("g1", 10.0, 1L),
            org.apache.spark.sql.RowFactory.create("g1", 20.0, 3L),
            org.apache.spark.sql.RowFactory.create("g2", 9.0, 2L),
            org.apache.spark.sql.RowFactory.create("g2", 5.0, 1L),
            org.apache.spark.sql.RowFactory.create("g2", 7.0, 1L),
            org.apache.spark.sql.RowFactory.create("g3", 3.0, 4L)),
        new org.apache.spark.sql.types.StructType().add("g", "string").add("v", "double").add("w", "long"));
    Map<String, Row> got = new java.util.HashMap<>();
    for (Row r : Aggregates.percentiles(counted, List.of("g"), "v", "w", 0.5, 0.9).collectAsList()) {
      got.put(r.getString(0), r);
    }
    assertEquals(3, got.size());
    assertEquals(20.0, got.get("g1").getAs("p50"));
    assertEquals(40.0, got.get("g1").getAs("p90"));
    assertEquals(8.0, got.get("g2").getAs("p50"));
    assertEquals(9.0, got.get("g2").getAs("p90"));
    assertEquals(3.0, got.get("g3").getAs("p50"));
    assertEquals(3.0, got.get("g3").getAs("p90"));
  }

  @Test
  void teamValuesAreCountedPerTeamDayAndValueBeforeTheyAreCopiedToTheirFourGroups() {
    // T1 answers first in 10, 10 and 20 s on Oct 1 and in 10 s on Oct 2: each group has each of
    // its distinct values once, with how many times it occurs.
    org.apache.spark.sql.SparkSession spark = com.servicekpi.testing.TestSpark.session();
    Dataset<Row> answered = spark.sql("SELECT * FROM VALUES (DATE'2026-10-01', 'T1', 10.0D),"
        + " (DATE'2026-10-01', 'T1', 20.0D), (DATE'2026-10-01', 'T1', 10.0D), (DATE'2026-10-02', 'T1', 10.0D)"
        + " AS t(date, team_id, first_response_s)");
    Dataset<Row> values = Aggregates.teamValues(answered);
    assertEquals("[[team_daily,2026-10-01,T1,10.0,2], [team_daily,2026-10-01,T1,20.0,1],"
            + " [team_daily,2026-10-01,_all,10.0,2], [team_daily,2026-10-01,_all,20.0,1],"
            + " [team_daily,2026-10-02,T1,10.0,1], [team_daily,2026-10-02,_all,10.0,1],"
            + " [team_monthly,2026-10,T1,10.0,3], [team_monthly,2026-10,T1,20.0,1],"
            + " [team_monthly,2026-10,_all,10.0,3], [team_monthly,2026-10,_all,20.0,1]]",
        values.orderBy("table", "period", "id", "v").collectAsList().toString());
    // The copies (the Generate) are made above an aggregation keyed by (date, team, value).
    String plan = values.queryExecution().executedPlan().toString().split("== Initial Plan ==")[0];
    int generate = plan.indexOf("Generate");
    assertTrue(generate >= 0, plan);
    assertTrue(plan.substring(generate).matches("(?s).*HashAggregate\\(keys=\\[date#\\d+, team_id#\\d+, first_response_s#\\d+\\].*"),
        plan);
  }

  @Test
  void agentDailyJoinsItsPercentilesWithoutShufflingTheCachedAgentDays() {
    // The agent-days' cache is partitioned by (date, agent_id) from their aggregation; the
    // percentiles' join on the typed date and the agent reads it as it is. Joined on the date as
    // text, the cache is shuffled again (2.1M rows at 50M messages).
    TestSpark.withConf(Plans.NO_BROADCAST, () -> {
      KpiPipeline.Tables t = run(messages(
              "m1,b1,buyer,2026-10-01 10:00:00,a1", "m2,b1,agent,2026-10-01 10:00:20,a1",
              "m3,b2,buyer,2026-10-02 10:00:00,a2", "m4,b2,agent,2026-10-02 10:00:30,a2"),
          noRatings(), noOrders());
      Dataset<Row> agentDaily = t.agentDaily();
      assertEquals(2, agentDaily.collectAsList().size());
      Plans.CacheScan agentDays = Plans.cacheWith(agentDaily.queryExecution().executedPlan(), "_fr_sum");
      assertEquals(List.of(), Plans.shufflesUnderJoin(agentDays),
          "the cached agent-days are shuffled for the percentiles' join: " + agentDays.path());
      return null;
    });
  }
}
