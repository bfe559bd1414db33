package com.servicekpi.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.servicekpi.testing.TestSpark;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Each check on hand-made rows: a consistent set passes, one broken number is named. */
class InvariantsTest {
  /**
   * A row of an aggregate table: key columns, then receptions, replied, answered_rounds, rounds,
   * ratings, satisfied, dissatisfied, inquiries, ordered_buyers, paid_buyers, sales_amount, agents.
   * Rates are derived (replied/receptions, ...) unless overridden by the caller.
   */
  static String row(String keys, long receptions, long replied, long ratings, long satisfied, String sales, long agents) {
    return "select " + keys + ", cast(" + receptions + " as bigint) receptions, cast(" + replied + " as bigint) replied, "
        + "cast(" + replied + " as bigint) answered_rounds, cast(" + receptions + " as bigint) rounds, "
        + "cast(" + ratings + " as bigint) ratings, cast(" + satisfied + " as bigint) satisfied, cast(0 as bigint) dissatisfied, "
        + "cast(" + receptions + " as bigint) inquiries, cast(1 as bigint) ordered_buyers, cast(1 as bigint) paid_buyers, "
        + "cast(" + sales + " as decimal(18,2)) sales_amount, cast(" + agents + " as bigint) agents, "
        + "try_divide(" + replied + "d, " + receptions + "d) response_rate, try_divide(" + satisfied + "d, " + ratings + "d) satisfaction_rate, "
        + "try_divide(1d, " + receptions + "d) inquiry_conversion_rate, try_divide(1d, " + receptions + "d) paid_conversion_rate";
  }

  static Dataset<Row> table(String... rows) {
    return TestSpark.session().sql(String.join(" union all ", rows));
  }

  // one day, one team T1 of two agents; _all; the month 2026-10 made of that one day
  static Dataset<Row> agentDaily() {
    return table(row("date'2026-10-01' date, 'a1' agent_id, 'T1' team_id", 3, 2, 2, 1, "10.00", 0),
        row("date'2026-10-01' date, 'a2' agent_id, 'T1' team_id", 1, 1, 0, 0, "5.50", 0));
  }

  static Dataset<Row> teamDaily(long allReceptions) {
    return table(row("date'2026-10-01' date, 'T1' team_id", 4, 3, 2, 1, "15.50", 2),
        row("date'2026-10-01' date, '_all' team_id", allReceptions, 3, 2, 1, "15.50", 2));
  }

  static Dataset<Row> agentMonthly() {
    return table(row("'2026-10' month, 'a1' agent_id, 'T1' team_id", 3, 2, 2, 1, "10.00", 0),
        row("'2026-10' month, 'a2' agent_id, 'T1' team_id", 1, 1, 0, 0, "5.50", 0));
  }

  static Dataset<Row> teamMonthly(String t1Sales) {
    return table(row("'2026-10' month, 'T1' team_id", 4, 3, 2, 1, t1Sales, 2),
        row("'2026-10' month, '_all' team_id", 4, 3, 2, 1, "15.50", 2));
  }

  @Test
  void consistentTablesPass() {
    assertEquals(List.of(), Invariants.check(agentDaily(), teamDaily(4), agentMonthly(), teamMonthly("15.50"), Set.of("2026-10")));
  }

  @Test
  void repliedAboveReceptionsIsNamed() {
    Dataset<Row> broken = table(row("date'2026-10-01' date, 'a1' agent_id, 'T1' team_id", 3, 4, 2, 1, "10.00", 0));
    List<Invariants.Finding> f = Invariants.rows("agent_daily", broken, "date", "agent_id");
    assertEquals("agent_daily date=2026-10-01 agent_id=a1: replied <= receptions (replied 4, receptions 3)", f.get(0).toString());
  }

  @Test
  void aRateAboveOneIsNamed() {
    Dataset<Row> broken = table(row("date'2026-10-01' date, 'a1' agent_id, 'T1' team_id", 3, 2, 2, 3, "10.00", 0));
    List<Invariants.Finding> f = Invariants.rows("agent_daily", broken, "date", "agent_id");
    assertEquals(List.of(
        "agent_daily date=2026-10-01 agent_id=a1: satisfied + dissatisfied <= ratings (satisfied 3, dissatisfied 0, ratings 2)",
        "agent_daily date=2026-10-01 agent_id=a1: satisfaction_rate within [0, 1] (satisfaction_rate 1.5)"),
        f.stream().map(Invariants.Finding::toString).toList());
  }

  @Test
  void allNotTheSumOfTheTeamsIsNamed() {
    List<Invariants.Finding> f = Invariants.check(agentDaily(), teamDaily(5), agentMonthly(), teamMonthly("15.50"), Set.of());
    assertEquals(1, f.size(), f.toString());
    assertEquals("team_daily date=2026-10-01: _all equals the sum of the teams (receptions 5 vs sum 4, rounds 5 vs sum 4)", f.get(0).toString());
  }

  @Test
  void aTeamNotTheSumOfItsAgentsIsNamed() {
    Dataset<Row> agents = table(row("date'2026-10-01' date, 'a1' agent_id, 'T1' team_id", 3, 2, 2, 1, "10.00", 0));
    List<Invariants.Finding> f = Invariants.check(agents, teamDaily(4), agentMonthly(), teamMonthly("15.50"), Set.of());
    assertEquals("team_daily date=2026-10-01 team_id=T1: equals the sum of its agents' agent_daily rows "
        + "(receptions 4 vs sum 3, replied 3 vs sum 2, answered_rounds 3 vs sum 2, rounds 4 vs sum 3, "
        + "sales_amount 15.50 vs sum 10.00, agents 2 vs sum 1)", f.get(0).toString());
  }

  @Test
  void aMonthNotTheSumOfItsDaysIsNamedOnlyWhenTheRunCoveredTheWholeMonth() {
    Dataset<Row> month = teamMonthly("15.60");
    List<Invariants.Finding> f = Invariants.check(agentDaily(), teamDaily(4), agentMonthly(), month, Set.of("2026-10"));
    assertTrue(f.stream().anyMatch(x -> x.toString().equals(
        "team_monthly month=2026-10 team_id=T1: equals the sum of its days (sales_amount 15.60 vs sum 15.50)")), f.toString());
    assertEquals(List.of(), Invariants.check(agentDaily(), teamDaily(4), agentMonthly(), teamMonthly("15.50"), Set.of()));
    assertTrue(Invariants.check(agentDaily(), teamDaily(4), agentMonthly(), month, Set.of()).stream()
        .noneMatch(x -> x.rule().contains("its days")));
  }

  @Test
  void theFailureStopsThePublishWithEveryFinding() {
    List<Invariants.Finding> f = Invariants.check(agentDaily(), teamDaily(5), agentMonthly(), teamMonthly("15.50"), Set.of());
    String message = new Invariants.Failed(f).getMessage();
    assertTrue(message.startsWith("the computed tables failed 1 check and nothing was published: team_daily date=2026-10-01"), message);
  }

  @Test
  void theChecksRunAtTheSameTimeAndTheirFindingsKeepTheChecksOrder() {
    // Each check waits for the other: one after the other, the first would time out.
    java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);
    java.util.concurrent.Callable<List<Invariants.Finding>> first = () -> {
      both.countDown();
      boolean met = both.await(20, java.util.concurrent.TimeUnit.SECONDS);
      Thread.sleep(200); // finishes last
      return List.of(new Invariants.Finding("t", "k1", "first", String.valueOf(met)));
    };
    java.util.concurrent.Callable<List<Invariants.Finding>> second = () -> {
      both.countDown();
      boolean met = both.await(20, java.util.concurrent.TimeUnit.SECONDS);
      return List.of(new Invariants.Finding("t", "k2", "second", String.valueOf(met)));
    };
    assertEquals(List.of(new Invariants.Finding("t", "k1", "first", "true"), new Invariants.Finding("t", "k2", "second", "true")),
        Invariants.runAll(List.of(first, second)));
  }

  @Test
  void aCheckThatFailsStopsTheChecksWithItsOwnError() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Invariants.runAll(List.of(List::of, () -> {
          throw new IllegalArgumentException("broken check");
        })));
    assertEquals("broken check", e.getMessage());
  }

  static Dataset<Row> groupDaily(long g1Replied) {
    // two groups that share an agent: nothing adds up across them, and nothing is checked across them
    return table(row("date'2026-10-01' date, 'G1' group_id", 3, g1Replied, 2, 1, "15.50", 1),
        row("date'2026-10-01' date, 'G2' group_id", 3, 2, 2, 1, "15.50", 1));
  }

  static Dataset<Row> groupMonthly(String g1Sales) {
    return table(row("'2026-10' month, 'G1' group_id", 3, 2, 2, 1, g1Sales, 1),
        row("'2026-10' month, 'G2' group_id", 3, 2, 2, 1, "15.50", 1));
  }

  @Test
  void consistentGroupTablesPass() {
    assertEquals(List.of(), Invariants.checkGroups(groupDaily(2), groupMonthly("15.50"), Set.of("2026-10")));
  }

  @Test
  void aGroupRowBreakingARowRuleIsNamed() {
    List<Invariants.Finding> f = Invariants.checkGroups(groupDaily(4), groupMonthly("15.50"), Set.of());
    assertEquals(List.of("group_daily date=2026-10-01 group_id=G1: replied <= receptions (replied 4, receptions 3)",
        "group_daily date=2026-10-01 group_id=G1: answered_rounds <= rounds (answered_rounds 4, rounds 3)",
        "group_daily date=2026-10-01 group_id=G1: response_rate within [0, 1] (response_rate 1.3333333333333333)"),
        f.stream().map(Invariants.Finding::toString).toList());
  }

  @Test
  void aGroupMonthNotTheSumOfItsDaysIsNamedOnlyForACompleteMonth() {
    assertEquals(List.of("group_monthly month=2026-10 group_id=G1: equals the sum of its days "
            + "(sales_amount 15.60 vs sum 15.50)"),
        Invariants.checkGroups(groupDaily(2), groupMonthly("15.60"), Set.of("2026-10")).stream()
            .map(Invariants.Finding::toString).toList());
    assertEquals(List.of(), Invariants.checkGroups(groupDaily(2), groupMonthly("15.60"), Set.of()));
  }

  /**
   * A row of a queue table: key columns, then offered, answered, abandoned, short_abandoned,
   * answered_in_sl, and the rates over offered - short_abandoned.
   */
  static String queueRow(String keys, long offered, long answered, long abandoned, long shortAbandoned, long inSl) {
    String base = "(" + offered + "d - " + shortAbandoned + "d)";
    return "select " + keys + ", cast(" + offered + " as bigint) offered, cast(" + answered + " as bigint) answered, "
        + "cast(" + abandoned + " as bigint) abandoned, cast(" + shortAbandoned + " as bigint) short_abandoned, "
        + "cast(" + inSl + " as bigint) answered_in_sl, try_divide(" + answered + "d, " + base + ") answer_rate, "
        + "try_divide(" + abandoned + "d, " + base + ") abandon_rate, try_divide(" + inSl + "d, " + base
        + ") service_level";
  }

  // one day, queue q1 in two half hours; _all; the month 2026-10 made of that day
  static List<Invariants.Finding> checkCalls(long q1Offered, long monthOffered) {
    Dataset<Row> daily = table(queueRow("date'2026-10-01' date, 'q1' queue_id", q1Offered, 3, 1, 0, 2),
        queueRow("date'2026-10-01' date, '_all' queue_id", 4, 3, 1, 0, 2));
    Dataset<Row> monthly = table(queueRow("'2026-10' month, 'q1' queue_id", monthOffered, 3, 1, 0, 2),
        queueRow("'2026-10' month, '_all' queue_id", monthOffered, 3, 1, 0, 2));
    Dataset<Row> intervals = table(queueRow("date'2026-10-01' date, 'q1' queue_id, '09:00' interval", 3, 2, 1, 0, 2),
        queueRow("date'2026-10-01' date, 'q1' queue_id, '09:30' interval", 1, 1, 0, 0, 0));
    return Invariants.checkCalls(daily, monthly, intervals, Set.of("2026-10"));
  }

  @Test
  void consistentQueueTablesPass() {
    assertEquals(List.of(), checkCalls(4, 4));
  }

  @Test
  void aQueueDayWhoseOutcomesDoNotAddUpToItsCallsIsNamed() {
    List<String> f = checkCalls(5, 4).stream().map(Invariants.Finding::toString).toList();
    assertTrue(f.contains("queue_daily date=2026-10-01 queue_id=q1: answered + abandoned + short_abandoned = offered"
        + " (answered 3, abandoned 1, short_abandoned 0, offered 5)"), f.toString());
    assertTrue(f.contains("queue_daily date=2026-10-01: _all equals the sum of the queues (offered 4 vs sum 5)"),
        f.toString());
    assertTrue(f.contains("queue_daily date=2026-10-01 queue_id=q1: equals the sum of its intervals"
        + " (offered 5 vs sum 4)"), f.toString());
  }

  @Test
  void aQueueMonthNotTheSumOfItsDaysIsNamed() {
    List<String> f = checkCalls(4, 6).stream().map(Invariants.Finding::toString).toList();
    assertTrue(f.contains("queue_monthly month=2026-10 queue_id=q1: equals the sum of its days (offered 6 vs sum 4)"),
        f.toString());
  }
}
