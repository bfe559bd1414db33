package com.servicekpi.marts;

import static com.servicekpi.testing.Fixtures.messages;
import static com.servicekpi.testing.Fixtures.noOrders;
import static com.servicekpi.testing.Fixtures.noRatings;
import static com.servicekpi.testing.Fixtures.orders;
import static com.servicekpi.testing.Fixtures.roster;
import static com.servicekpi.testing.Fixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.servicekpi.quality.Flags;
import com.servicekpi.sources.Source;
import com.servicekpi.staging.Validate;
import com.servicekpi.testing.Fixtures;
import com.servicekpi.testing.TestSpark;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Spec §8 (groups), §9 (training effect), §10 (unusual agent-days), one rule per test. */
class InsightsTest {
  private static final Dataset<Row> ROSTER = roster(
      "a1,T1,presale,2026-01-01", "a2,T1,presale,2026-01-01", "a3,T2,presale,2026-01-01");

  /** group_id,agent_id,valid_from[,group_name,valid_to] */
  private static Dataset<Row> groups(String... rows) {
    return Fixtures.valid(Validate.groups(Fixtures.raw(Source.GROUPS, rows)));
  }

  private static KpiPipeline.Tables run(Dataset<Row> messages, Dataset<Row> orders, Dataset<Row> groups) {
    return KpiPipeline.compute(new KpiPipeline.Inputs(messages, noRatings(), orders, ROSTER, null, groups, null),
        Fixtures.defaults(), null);
  }

  // ---- §8 groups

  @Test
  void aMemberCountsFromTheDateItJoinsAndNotFromTheDateItLeaves() {
    KpiPipeline.Tables t = run(messages(
            "m1,b1,buyer,2026-10-01 10:00:00,a1",
            "m2,b2,buyer,2026-10-02 10:00:00,a1",
            "m3,b3,buyer,2026-10-03 10:00:00,a1"),
        noOrders(), groups("G,a1,2026-10-02,导师组,2026-10-03"));
    List<Map<String, Object>> rows = Fixtures.rows(t.groupDaily(), "date");
    assertEquals(1, rows.size());
    assertEquals(java.sql.Date.valueOf("2026-10-02"), rows.get(0).get("date"));
    assertEquals("导师组", rows.get(0).get("group_name"));
  }

  @Test
  void anAgentInTwoGroupsCountsInBoth() {
    KpiPipeline.Tables t = run(messages("m1,b1,buyer,2026-10-01 10:00:00,a1"), noOrders(),
        groups("G1,a1,2026-01-01", "G2,a1,2026-01-01"));
    assertEquals(1L, row(t.groupDaily(), "group_id", "G1").get("receptions"));
    assertEquals(1L, row(t.groupDaily(), "group_id", "G2").get("receptions"));
  }

  @Test
  void aGroupsInquiriesAreDistinctBuyersAcrossItsMembers() {
    // b1 asks a1 and a2, both in G, and orders: two receptions, one inquiring buyer
    KpiPipeline.Tables t = run(messages(
            "m1,b1,buyer,2026-10-01 10:00:00,a1", "m2,b1,buyer,2026-10-01 11:00:00,a2"),
        orders("o1,b1,2026-10-01 12:00:00,10.00,2026-10-01 12:00:00"), groups("G,a1,2026-01-01", "G,a2,2026-01-01"));
    Map<String, Object> g = row(t.groupDaily(), "group_id", "G");
    assertEquals(2L, g.get("receptions"));
    assertEquals(1L, g.get("inquiries"));
    assertEquals(1L, g.get("ordered_buyers"));
    assertEquals(2L, g.get("agents"));
  }

  @Test
  void aGroupsPercentilesAreOverItsMembersReceptions() {
    KpiPipeline.Tables t = run(messages(
            "m1,b1,buyer,2026-10-01 10:00:00,a1", "m2,b1,agent,2026-10-01 10:00:10,a1",
            "m3,b2,buyer,2026-10-01 10:00:00,a3", "m4,b2,agent,2026-10-01 10:00:30,a3"),
        noOrders(), groups("G,a1,2026-01-01", "G,a3,2026-01-01"));
    Map<String, Object> g = row(t.groupDaily(), "group_id", "G");
    assertEquals(20.0, g.get("first_response_p50_s"));   // a1 (T1) and a3 (T2) together
    assertEquals(20.0, row(t.groupMonthly(), "group_id", "G").get("first_response_avg_s"));
  }

  @Test
  void twoRowsOfOneGroupAndAgentThatOverlapAreBothRejected() {
    Dataset<Row> typed = Validate.groups(Fixtures.raw(Source.GROUPS,
        "G,a1,2026-10-01,,2026-10-10", "G,a1,2026-10-05", "G2,a1,2026-10-05"));
    assertEquals(2L, typed.filter("reject_reason = 'overlaps another row of the same group and agent'").count());
    assertEquals(1L, Validate.usable(typed).count());
  }

  // ---- §10 unusual agent-days

  /** agent_daily rows: agent, team, receptions, replied, p50, fr_avg, fr_n, ratings, sat_rate, inquiries, conv. */
  private static Dataset<Row> days(String... rows) {
    StringBuilder values = new StringBuilder();
    for (String r : rows) {
      values.append(values.isEmpty() ? "" : ", ").append("(DATE'2026-10-05', ").append(r).append(")");
    }
    return TestSpark.session().sql("SELECT date, agent_id, CAST(NULL AS STRING) agent_name, team_id,"
        + " CAST(receptions AS BIGINT) receptions, CAST(replied AS BIGINT) replied,"
        + " CASE WHEN receptions > 0 THEN replied / receptions END response_rate,"
        + " CAST(p50 AS DOUBLE) first_response_p50_s, CAST(fr_avg AS DOUBLE) first_response_avg_s,"
        + " CAST(fr_n AS BIGINT) _fr_n, CAST(ratings AS BIGINT) ratings, CAST(sat AS DOUBLE) satisfaction_rate,"
        + " CAST(inquiries AS BIGINT) inquiries, CAST(conv AS DOUBLE) inquiry_conversion_rate FROM VALUES "
        + values + " AS t(date, agent_id, team_id, receptions, replied, p50, fr_avg, fr_n, ratings, sat, inquiries, conv)");
  }

  private static final Flags.Params FLAGS = new Flags.Params(10, 2.0, 3.5);

  private static List<Map<String, Object>> flags(Dataset<Row> days) {
    return Fixtures.rows(Flags.of(days, FLAGS), "agent_id", "flag", "metric");
  }

  @Test
  void tooFastNeedsEnoughReceptionsAndAMedianUnderTheThreshold() {
    List<Map<String, Object>> f = flags(days(
        "'a1', 'T', 10, 10, 1.9, 3.0, 10, 0, NULL, 0, NULL",
        "'a2', 'T', 9, 9, 1.0, 3.0, 9, 0, NULL, 0, NULL",
        "'a3', 'T', 10, 10, 2.0, 3.0, 10, 0, NULL, 0, NULL"));
    assertEquals(1, f.size());
    assertEquals(List.of("a1", "too_fast", "first_response_p50_s", 1.9, 2.0), List.of(f.get(0).get("agent_id"),
        f.get(0).get("flag"), f.get(0).get("metric"), f.get(0).get("value"), f.get(0).get("reference")));
  }

  @Test
  void noRepliesIsTwelveReceptionsAndNotOneReplied() {
    List<Map<String, Object>> f = flags(days("'a1', 'T', 12, 0, NULL, NULL, 0, 0, NULL, 0, NULL"));
    assertEquals(List.of("no_replies", "response_rate", 0.0, 0.0), List.of(f.get(0).get("flag"),
        f.get(0).get("metric"), f.get(0).get("value"), f.get(0).get("reference")));
  }

  /** Response rates 0.85, 0.9, 0.9, 0.95 and 0.5 (a5) in one team-day. */
  private static Dataset<Row> fivePeers(String team) {
    return days("'a1', '%s', 20, 17, 30, 30, 17, 0, NULL, 0, NULL".formatted(team),
        "'a2', '%s', 20, 18, 30, 30, 18, 0, NULL, 0, NULL".formatted(team),
        "'a3', '%s', 20, 18, 30, 30, 18, 0, NULL, 0, NULL".formatted(team),
        "'a4', '%s', 20, 19, 30, 30, 19, 0, NULL, 0, NULL".formatted(team),
        "'a5', '%s', 20, 10, 30, 30, 10, 0, NULL, 0, NULL".formatted(team));
  }

  @Test
  void anOutlierIsFarFromTheTeamsMedianInScaledMads() {
    // median 0.9; deviations 0.05, 0, 0, 0.05, 0.4: MAD 0.05. 0.5 is 0.4 / (1.4826 * 0.05) = 5.4
    // scaled MADs low; 0.85 and 0.95 are 0.67
    List<Map<String, Object>> f = flags(fivePeers("T"));
    assertEquals(1, f.size());
    assertEquals(List.of("a5", "outlier_low", "response_rate", 0.5), List.of(f.get(0).get("agent_id"),
        f.get(0).get("flag"), f.get(0).get("metric"), f.get(0).get("value")));
    assertEquals(0.9, (Double) f.get(0).get("reference"), 1e-12);
  }

  @Test
  void unassignedAgentsAreNeverOutliers() {
    assertTrue(flags(fivePeers("_unassigned")).isEmpty());
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
    // first response averages 1..5 and 100 (six agents): median 3.5, MAD 1.5, 100 is 43 scaled MADs high
    List<Map<String, Object>> f = flags(days(
        "'a1', 'T', 10, 10, 5, 1, 10, 0, NULL, 0, NULL", "'a2', 'T', 10, 10, 5, 2, 10, 0, NULL, 0, NULL",
        "'a3', 'T', 10, 10, 5, 3, 10, 0, NULL, 0, NULL", "'a4', 'T', 10, 10, 5, 4, 10, 0, NULL, 0, NULL",
        "'a5', 'T', 10, 10, 5, 5, 10, 0, NULL, 0, NULL", "'a6', 'T', 10, 10, 5, 100, 10, 0, NULL, 0, NULL"));
    assertEquals(1, f.size());
    assertEquals("outlier_high", f.get(0).get("flag"));
    assertEquals(3.5, f.get(0).get("reference"));
  }

  @Test
  void noOutliersWithFewerThanFivePeers() {
    assertTrue(flags(fivePeers("T").filter("agent_id <> 'a2'")).isEmpty());
  }

  @Test
  void noOutliersWhenTheMadIsZero() {
    // 0.9 four times and 0.5: deviations 0, 0, 0, 0, 0.4, MAD 0
    String typical = "'a%d', 'T', 20, 18, 30, 30, 18, 0, NULL, 0, NULL";
    assertTrue(flags(days(typical.formatted(1), typical.formatted(2), typical.formatted(3), typical.formatted(4),
        "'a5', 'T', 20, 10, 30, 30, 10, 0, NULL, 0, NULL")).isEmpty());
  }

  @Test
  void aPeerNeedsEnoughOfTheMetricsDenominator() {
    // five agents, but a5's satisfaction rests on 3 ratings: four peers, no outlier
    List<Map<String, Object>> f = flags(days(
        "'a1', 'T', 20, 20, 30, 30, 20, 10, 1.0, 0, NULL", "'a2', 'T', 20, 20, 30, 30, 20, 10, 0.9, 0, NULL",
        "'a3', 'T', 20, 20, 30, 30, 20, 10, 0.9, 0, NULL", "'a4', 'T', 20, 20, 30, 30, 20, 10, 0.8, 0, NULL",
        "'a5', 'T', 20, 20, 30, 30, 20, 3, 0.0, 0, NULL"));
    assertTrue(f.isEmpty(), f.toString());
  }

  // ---- §9 training effect

  /** agent, date, receptions, replied */
  private static Dataset<Row> agentDays(String... rows) {
    StringBuilder values = new StringBuilder();
    for (String r : rows) {
      values.append(values.isEmpty() ? "" : ", ").append("(").append(r).append(")");
    }
    return TestSpark.session().sql("SELECT agent_id, CAST(date AS DATE) date, CAST(receptions AS BIGINT) receptions,"
        + " CAST(replied AS BIGINT) replied, CAST(NULL AS DOUBLE) _fr_sum, 0L _fr_n, 0L satisfied, 0L ratings,"
        + " 0L ordered_buyers, 0L inquiries FROM VALUES " + values + " AS t(agent_id, date, receptions, replied)");
  }

  /** training_id,agent_id,trained_on[,training_name] */
  private static Dataset<Row> trainings(String... rows) {
    return Fixtures.valid(Validate.trainings(Fixtures.raw(Source.TRAININGS, rows)));
  }

  private static final Dataset<Row> DAYS = agentDays(
      "'a1', '2026-10-08', 10, 5", "'a1', '2026-10-10', 10, 0", "'a1', '2026-10-12', 10, 9",
      "'a2', '2026-10-09', 10, 8", "'a2', '2026-10-11', 10, 8",
      "'a3', '2026-10-09', 10, 1",
      "'a4', '2026-10-09', 10, 2", "'a4', '2026-10-11', 10, 10");
  private static final Dataset<Row> TEAMS = roster(
      "a1,X,presale,2026-01-01", "a2,X,presale,2026-01-01", "a3,X,presale,2026-01-01", "a4,Y,presale,2026-01-01");

  private static Map<String, Object> effect(Dataset<Row> trainings, LocalDate last) {
    return row(TrainingEffect.of(trainings, DAYS, TEAMS, 2, last), "metric", "response_rate");
  }

  @Test
  void theEffectIsTheTrainedChangeMinusTheComparisonChange() {
    // a1: 0.5 before, 0.9 after (its row on the session's date is in neither window); a2 (same
    // team): 0.8 and 0.8; a3 has no agent-day after and a4 is in another team
    Map<String, Object> e = effect(trainings("T1,a1,2026-10-10,话术培训"), LocalDate.parse("2026-10-12"));
    assertEquals(List.of(1L, 1L, 0.5, 0.9, 0.8, 0.8), List.of(e.get("trained_agents"), e.get("comparison_agents"),
        e.get("trained_before"), e.get("trained_after"), e.get("comparison_before"), e.get("comparison_after")));
    assertEquals(0.4, (Double) e.get("effect"), 1e-12);
    assertEquals("话术培训", e.get("training_name"));
    assertEquals(true, e.get("complete"));
  }

  @Test
  void anAgentTrainedInTheSameTrainingWithinTheWindowIsNoComparison() {
    Map<String, Object> e = effect(trainings("T1,a1,2026-10-10", "T1,a2,2026-10-12"), LocalDate.parse("2026-10-12"));
    assertEquals(0L, e.get("comparison_agents"));
    assertNull(e.get("comparison_before"));
    assertNull(e.get("effect"));
  }

  @Test
  void aSessionWhoseAfterWindowPassesTheInputsLastDateIsNotComplete() {
    assertEquals(false, effect(trainings("T1,a1,2026-10-10"), LocalDate.parse("2026-10-11")).get("complete"));
  }

  @Test
  void aSessionNoneOfWhoseTrainedAgentsTakesPartGetsNoRows() {
    // a3 has no agent-day after 2026-10-10
    assertEquals(0L, TrainingEffect.of(trainings("T1,a3,2026-10-10"), DAYS, TEAMS, 2, LocalDate.parse("2026-10-12"))
        .count());
  }

  @Test
  void everyMetricGetsARow() {
    assertEquals(4L, TrainingEffect.of(trainings("T1,a1,2026-10-10"), DAYS, TEAMS, 2, LocalDate.parse("2026-10-12"))
        .count());
  }
}
