package com.servicekpi.marts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.servicekpi.testing.TestSpark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Spec §5: the first-response percentiles of agent-days and agent-months. */
class AgentPercentilesTest {
  private static final StructType ANSWERED = new StructType()
      .add("agent_id", "string").add("date", "date").add("first_response_s", "double");

  private static Dataset<Row> answered(List<Row> rows) {
    return TestSpark.session().createDataFrame(rows, ANSWERED);
  }

  private static Row fact(String agent, String date, double v) {
    return RowFactory.create(agent, java.sql.Date.valueOf(date), v);
  }

  @Test
  void eachAgentDayAndAgentMonthGetsItsInterpolatedMedianAndNinetiethPercentile() {
    // a1: 5 on Oct 1, 7 on Oct 2, 4 on Nov 1. October has 5 and 7: p50 at position 0.5 -> 6,
    // p90 at 0.9 -> 5 + 0.9 * 2 = 6.8. a2 on Oct 1: 3, 1, 2 -> sorted 1, 2, 3: p50 2, p90 at
    // position 1.8 -> 2 + 0.8 * 1 = 2.8. a3: December of two years, one month each.
    Dataset<Row> pct = AgentPercentiles.of(answered(List.of(
            fact("a2", "2026-10-01", 3), fact("a1", "2026-11-01", 4), fact("a1", "2026-10-02", 7),
            fact("a2", "2026-10-01", 1), fact("a1", "2026-10-01", 5), fact("a2", "2026-10-01", 2),
            fact("a3", "2026-12-01", 9), fact("a3", "2025-12-31", 1))),
        "agent_daily", "agent_monthly");
    Map<String, double[]> got = new HashMap<>();
    for (Row r : pct.collectAsList()) {
      got.put(r.getString(0) + " " + r.getString(1) + " " + r.getString(2), new double[] {r.getDouble(3), r.getDouble(4)});
    }
    assertEquals(11, got.size(), got.keySet().toString());
    assertPercentiles(got, "agent_daily 2026-10-01 a1", 5, 5);
    assertPercentiles(got, "agent_daily 2026-10-02 a1", 7, 7);
    assertPercentiles(got, "agent_daily 2026-11-01 a1", 4, 4);
    assertPercentiles(got, "agent_daily 2026-10-01 a2", 2, 2.8);
    assertPercentiles(got, "agent_monthly 2026-10 a1", 6, 6.8);
    assertPercentiles(got, "agent_monthly 2026-11 a1", 4, 4);
    assertPercentiles(got, "agent_monthly 2026-10 a2", 2, 2.8);
    assertPercentiles(got, "agent_daily 2025-12-31 a3", 1, 1);
    assertPercentiles(got, "agent_daily 2026-12-01 a3", 9, 9);
    assertPercentiles(got, "agent_monthly 2025-12 a3", 1, 1);
    assertPercentiles(got, "agent_monthly 2026-12 a3", 9, 9);
  }

  private static void assertPercentiles(Map<String, double[]> got, String key, double p50, double p90) {
    assertTrue(got.containsKey(key), key + " in " + got.keySet());
    assertEquals(p50, got.get(key)[0], 1e-12, key + " p50");
    assertEquals(p90, got.get(key)[1], 1e-12, key + " p90");
  }

  @Test
  void percentilesEqualSparksPercentileAggregateOverDaysAndMonths() {
    // 30 agents, 1 to 40 values a day with ties, over days across a month's end.
    SparkSession spark = TestSpark.session();
    Random random = new Random(11);
    List<Row> rows = new ArrayList<>();
    for (int a = 0; a < 30; a++) {
      for (LocalDate d = LocalDate.of(2026, 9, 28); d.isBefore(LocalDate.of(2026, 10, 4)); d = d.plusDays(1)) {
        int n = random.nextInt(41);
        for (int i = 0; i < n; i++) {
          rows.add(fact("a" + a, d.toString(), random.nextInt(30) + random.nextInt(4) / 4.0));
        }
      }
    }
    Dataset<Row> in = answered(rows);
    Map<String, List<Double>> expected = new HashMap<>();
    for (Row r : in.groupBy(functions.col("agent_id"), functions.col("date").cast("string"))
        .agg(functions.expr("percentile(first_response_s, array(0.5, 0.9))")).collectAsList()) {
      expected.put("agent_daily " + r.get(1) + " " + r.get(0), r.getList(2));
    }
    for (Row r : in.groupBy(functions.col("agent_id"), Aggregates.month(functions.col("date")))
        .agg(functions.expr("percentile(first_response_s, array(0.5, 0.9))")).collectAsList()) {
      expected.put("agent_monthly " + r.get(1) + " " + r.get(0), r.getList(2));
    }
    List<Row> got = AgentPercentiles.of(in, "agent_daily", "agent_monthly").collectAsList();
    assertEquals(expected.size(), got.size());
    for (Row r : got) {
      String key = r.getString(0) + " " + r.getString(1) + " " + r.getString(2);
      List<Double> p = expected.get(key);
      assertEquals(p.get(0), r.getAs("p50"), key + " p50");
      assertEquals(p.get(1), r.getAs("p90"), key + " p90");
    }
  }

  @Test
  void theValuesCrossOneShuffleByAgentAndNoWindow() {
    Dataset<Row> pct = AgentPercentiles.of(answered(List.of(fact("a1", "2026-10-01", 5))), "agent_daily",
        "agent_monthly");
    pct.collectAsList();
    // The final plan (adaptive execution prints the initial one after it).
    String plan = pct.queryExecution().executedPlan().toString().split("== Initial Plan ==")[0];
    assertEquals(1, plan.split("Exchange hashpartitioning", -1).length - 1, plan);
    assertTrue(plan.matches("(?s).*Exchange hashpartitioning\\(id#\\d+, \\d+\\).*"), plan);
    assertFalse(plan.contains("Window"), plan);
  }
}
