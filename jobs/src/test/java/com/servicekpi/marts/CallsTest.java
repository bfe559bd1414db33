package com.servicekpi.marts;

import static com.servicekpi.testing.Fixtures.calls;
import static com.servicekpi.testing.Fixtures.noOrders;
import static com.servicekpi.testing.Fixtures.noRatings;
import static com.servicekpi.testing.Fixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.servicekpi.marts.KpiPipeline;
import com.servicekpi.model.Calls;
import com.servicekpi.sources.Source;
import com.servicekpi.staging.Validate;
import com.servicekpi.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Spec §6, one rule per test. Rows: call_id,offered_at,ended_at,caller_id,queue_id,agent_id,
 * answered_at,wrap_s; times are Asia/Shanghai.
 */
class CallsTest {
  private static final Calls.Params P = Fixtures.defaults().calls();

  private static Queues.Tables tables(String... rows) {
    return Queues.tables(Calls.facts(calls(rows), P), P);
  }

  private static Map<String, Object> day(Queues.Tables t, String queue) {
    return row(t.queueDaily(), "queue_id", queue);
  }

  @Test
  void aCallThatHungUpAfterExactlyTheShortAbandonTimeIsAbandonedNotShort() {
    Queues.Tables t = tables(
        "c1,2026-10-05 09:00:00,2026-10-05 09:00:05,p1,q",       // 5 s: abandoned
        "c2,2026-10-05 09:01:00,2026-10-05 09:01:04.999,p2,q");  // under 5 s: short abandon
    Map<String, Object> q = day(t, "q");
    assertEquals(List.of(2L, 0L, 1L, 1L), List.of(q.get("offered"), q.get("answered"), q.get("abandoned"),
        q.get("short_abandoned")));
  }

  @Test
  void shortAbandonsAreLeftOutOfEveryRatesDenominator() {
    Queues.Tables t = tables(
        "c1,2026-10-05 09:00:00,2026-10-05 09:05:00,p1,q,a1,2026-10-05 09:00:10",
        "c2,2026-10-05 09:01:00,2026-10-05 09:02:00,p2,q",
        "c3,2026-10-05 09:03:00,2026-10-05 09:03:02,p3,q");
    Map<String, Object> q = day(t, "q");
    assertEquals(0.5, q.get("answer_rate"));
    assertEquals(0.5, q.get("abandon_rate"));
    assertEquals(0.5, q.get("service_level"));
  }

  @Test
  void anAnswerAtExactlyTheThresholdIsInServiceLevel() {
    Queues.Tables t = tables(
        "c1,2026-10-05 09:00:00,2026-10-05 09:05:00,p1,q,a1,2026-10-05 09:00:20",
        "c2,2026-10-05 09:10:00,2026-10-05 09:15:00,p2,q,a1,2026-10-05 09:10:20.001");
    Map<String, Object> q = day(t, "q");
    assertEquals(1L, q.get("answered_in_sl"));
    assertEquals(20.0005, (Double) q.get("asa_s"), 1e-9);
  }

  @Test
  void aCallOfferedBeforeMidnightCountsOnItsOfferDateAndInterval() {
    Queues.Tables t = tables("c1,2026-10-05 23:59:50,2026-10-06 00:03:30,p1,q,a1,2026-10-06 00:00:30");
    Map<String, Object> q = day(t, "q");
    assertEquals(java.sql.Date.valueOf("2026-10-05"), q.get("date"));
    assertEquals(40.0, q.get("asa_s"));
    assertEquals("23:30", row(t.queueIntervals(), "queue_id", "q").get("interval"));
  }

  @Test
  void aMonthsCallsAreThoseOfferedInItsLocalDates() {
    Queues.Tables t = tables(
        "c1,2026-10-31 23:59:00,2026-11-01 00:05:00,p1,q,a1,2026-11-01 00:00:10",
        "c2,2026-11-01 00:00:00,2026-11-01 00:05:00,p2,q,a1,2026-11-01 00:00:10");
    assertEquals(1L, row(t.queueMonthly(), "month", "2026-10", "queue_id", "q").get("offered"));
    assertEquals(1L, row(t.queueMonthly(), "month", "2026-11", "queue_id", "q").get("offered"));
  }

  @Test
  void handleTimeIsTalkPlusWrapAndAnEmptyWrapIsZero() {
    Queues.Tables t = tables(
        "c1,2026-10-05 09:00:00,2026-10-05 09:05:10,p1,q,a1,2026-10-05 09:00:10,30",  // 300 + 30
        "c2,2026-10-05 09:10:00,2026-10-05 09:12:00,p2,q,a1,2026-10-05 09:10:20");    // 100 + 0
    assertEquals(215.0, day(t, "q").get("aht_s"));
  }

  @Test
  void theP90OfSpeedOfAnswerInterpolatesLinearly() {
    Queues.Tables t = tables(
        "c1,2026-10-05 09:00:00,2026-10-05 09:05:00,p1,q,a1,2026-10-05 09:00:10",
        "c2,2026-10-05 09:10:00,2026-10-05 09:15:00,p2,q,a1,2026-10-05 09:10:20");
    assertEquals(19.0, (Double) day(t, "q").get("answer_p90_s"), 1e-9);
  }

  @Test
  void theAllRowSumsTheQueuesAndCountsDistinctAgentsOfAnyQueue() {
    Queues.Tables t = tables(
        "c1,2026-10-05 09:00:00,2026-10-05 09:05:00,p1,sales,a1,2026-10-05 09:00:10",
        "c2,2026-10-05 09:10:00,2026-10-05 09:15:00,p2,support,a1,2026-10-05 09:10:10",
        "c3,2026-10-05 09:20:00,2026-10-05 09:25:00,p3,,a2,2026-10-05 09:20:10");
    Map<String, Object> all = day(t, "_all");
    assertEquals(3L, all.get("offered"));
    assertEquals(2L, all.get("agents"));
    assertEquals(1L, day(t, "_default").get("offered")); // an empty queue_id
  }

  @Test
  void identicalCopiesAreDuplicatesAndConflictingVersionsAreAllRejected() {
    Dataset<Row> typed = Validate.calls(Fixtures.raw(Source.CALLS,
        "c1,2026-10-05 09:00:00,2026-10-05 09:05:00,p1,q",
        "c1,2026-10-05 09:00:00,2026-10-05 09:05:00,p1,q",
        "c2,2026-10-05 09:00:00,2026-10-05 09:05:00,p1,q",
        "c2,2026-10-05 09:00:00,2026-10-05 09:06:00,p1,q"));
    Map<String, Object> tally = Fixtures.row(Validate.tally(typed, Validate.firstCopies()), Validate.REASON, "null");
    assertEquals(2L, tally.get("rows"));  // the two copies of c1 are usable
    assertEquals(1L, tally.get("ids"));   // one of them is the first copy
    assertEquals(2L, Fixtures.row(Validate.tally(typed, Validate.firstCopies()), Validate.REASON,
        "call_id appears more than once with different content").get("rows"));
    assertEquals(1L, Validate.usable(typed).count());
  }

  @Test
  void rowRulesRejectTimesOutOfOrderAndANegativeWrap() {
    Dataset<Row> typed = Validate.calls(Fixtures.raw(Source.CALLS,
        "c1,2026-10-05 09:00:00,2026-10-05 09:05:00,p1,q,a1,2026-10-05 08:59:00",
        "c2,2026-10-05 09:00:00,2026-10-05 09:00:05,p1,q,a1,2026-10-05 09:00:10",
        "c3,2026-10-05 09:00:00,2026-10-05 08:59:00,p1,q",
        "c4,2026-10-05 09:00:00,2026-10-05 09:05:00,p1,q,a1,2026-10-05 09:00:10,-1"));
    assertEquals("answered_at is before offered_at", row(typed, "call_id", "c1").get(Validate.REASON));
    assertEquals("ended_at is before answered_at", row(typed, "call_id", "c2").get(Validate.REASON));
    assertEquals("ended_at is before offered_at", row(typed, "call_id", "c3").get(Validate.REASON));
    assertEquals("wrap_s '-1' is not a number >= 0", row(typed, "call_id", "c4").get(Validate.REASON));
  }

  @Test
  void anAnsweredCallGivesItsAgentAnAgentDailyRowAndTheTeamItsSums() {
    KpiPipeline.Tables t = KpiPipeline.compute(new KpiPipeline.Inputs(Fixtures.messages(), noRatings(), noOrders(),
            Fixtures.roster("a1,T1,aftersale,2026-01-01"),
            calls("c1,2026-10-05 09:00:00,2026-10-05 09:05:10,p1,q,a1,2026-10-05 09:00:10,30",
                "c2,2026-10-05 09:10:00,2026-10-05 09:12:00,p2,q,a1,2026-10-05 09:10:20",
                "c3,2026-10-05 09:20:00,2026-10-05 09:22:00,p3,q,,2026-10-05 09:20:20")),
        Fixtures.defaults(), null);
    Map<String, Object> a1 = row(t.agentDaily(), "agent_id", "a1");
    assertEquals(0L, a1.get("receptions"));
    assertEquals(2L, a1.get("calls_answered"));
    assertEquals(215.0, a1.get("handle_avg_s"));
    assertEquals(1L, t.agentDaily().count()); // the call without an agent is in no agent's row
    assertEquals(2L, row(t.teamDaily(), "team_id", "T1").get("calls_answered"));
    assertEquals(215.0, row(t.teamMonthly(), "team_id", "_all").get("handle_avg_s"));
    assertEquals(3L, row(t.calls().queueDaily(), "queue_id", "q").get("answered"));
  }

  @Test
  void withoutCallsTheAgentCallColumnsAreZeroAndNull() {
    KpiPipeline.Tables t = Fixtures.tables(Fixtures.messages("m1,b1,buyer,2026-10-05 09:00:00,a1"), noRatings(),
        noOrders(), Fixtures.roster());
    Map<String, Object> a1 = row(t.agentDaily(), "agent_id", "a1");
    assertEquals(0L, a1.get("calls_answered"));
    assertNull(a1.get("handle_avg_s"));
    assertNull(t.calls());
  }

  @Test
  void erlangCGivesTheTextbookStaffing() {
    // 10 Erlangs, AHT 180 s, 80% within 20 s: 13 agents give 79.6%, 14 give 88.8%
    assertEquals(14L, Queues.requiredAgents(10.0, 180.0, 20, 0.80));
    assertEquals(0.174131933595, Queues.erlangC(14, 10.0), 1e-9);
  }

  @Test
  void requiredAgentsComeFromTheIntervalsOfferedLoad() {
    // 10 calls in a half hour (1,800 s), AHT 180 s: A = 1 Erlang; 2 agents give 1 − C(2,1)·e^(−20/180) = 0.70,
    // 3 agents 1 − C(3,1)·e^(−40/180) = 0.9268 ≥ 0.80
    String[] rows = new String[10];
    for (int i = 0; i < 10; i++) {
      rows[i] = String.format("c%d,2026-10-05 09:%02d:00,2026-10-05 09:%02d:00,p,q,a1,2026-10-05 09:%02d:00",
          i, i, i + 3, i);
    }
    Map<String, Object> interval = row(tables(rows).queueIntervals(), "interval", "09:00");
    assertEquals(180.0, (Double) interval.get("aht_s"), 1e-9);
    assertEquals(3L, interval.get("required_agents"));
  }

  @Test
  void requiredAgentsAreNullWithoutAnsweredCalls() {
    assertNull(row(tables("c1,2026-10-05 09:00:00,2026-10-05 09:05:00,p1,q").queueIntervals(), "queue_id", "q")
        .get("required_agents"));
  }
}
