package com.servicekpi.model;

import static com.servicekpi.testing.Fixtures.messages;
import static com.servicekpi.testing.Fixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Spec §2.5: receptions (接待). */
class ReceptionsTest {
  private static List<Map<String, Object>> receptions(Dataset<Row> messages) {
    return rows(Receptions.of(Rounds.of(messages, 24L * 3600 * 1_000_000)), "date", "agent_id", "buyer_id");
  }

  @Test
  void aReceptionCountsItsRoundsAndItsFirstResponseIsTheFirstRounds() {
    List<Map<String, Object>> r = receptions(messages(
        "m1,b1,buyer,2026-10-01 10:00:00,a1",
        "m2,b1,agent,2026-10-01 10:00:40,a1",
        "m3,b1,buyer,2026-10-01 11:00:00,a1",
        "m4,b1,agent,2026-10-01 11:00:10,a1"));
    assertEquals(1, r.size());
    assertEquals(2L, r.get(0).get("rounds"));
    assertEquals(2L, r.get(0).get("answered_rounds"));
    assertEquals(true, r.get(0).get("replied"));
    assertEquals(40.0, r.get(0).get("first_response_s"));
    assertEquals(50.0, r.get(0).get("response_sum_s"));
  }

  @Test
  void aReceptionWithoutAnAnsweredRoundIsNotReplied() {
    List<Map<String, Object>> r = receptions(messages(
        "m1,b1,buyer,2026-10-01 00:10:00,a1",
        "m2,b1,agent,2026-10-02 00:10:01,a1",
        "m3,b1,buyer,2026-10-01 12:00:00,a2"));
    // a1: the reply came 24 h + 1 s later: unanswered. a2: never answered.
    assertEquals(false, r.get(0).get("replied"));
    assertNull(r.get(0).get("first_response_s"));
    assertEquals(false, r.get(1).get("replied"));
    assertEquals(1L, r.get(1).get("rounds"));
    assertEquals(0L, r.get(1).get("answered_rounds"));
  }

  @Test
  void aFirstRoundUnansweredThenALaterAnsweredRoundGivesRepliedWithNullFirstResponse() {
    // With a 1 h answer window the 10:00 round (reply at 11:30) is unanswered, the 12:00 one answered.
    Dataset<Row> m = messages(
        "m1,b1,buyer,2026-10-01 10:00:00,a1",
        "m2,b1,agent,2026-10-01 11:30:00,a1",
        "m3,b1,buyer,2026-10-01 12:00:00,a1",
        "m4,b1,agent,2026-10-01 12:00:30,a1");
    List<Map<String, Object>> r = rows(Receptions.of(Rounds.of(m, 3600L * 1_000_000)));
    assertEquals(1, r.size());
    assertEquals(2L, r.get(0).get("rounds"));
    assertEquals(1L, r.get(0).get("answered_rounds"));
    assertEquals(true, r.get(0).get("replied"));
    assertNull(r.get(0).get("first_response_s"));
  }

  @Test
  void roundsOnTwoDatesMakeTwoReceptions() {
    List<Map<String, Object>> r = receptions(messages(
        "m1,b1,buyer,2026-10-01 20:00:00,a1",
        "m2,b1,agent,2026-10-01 20:00:10,a1",
        "m3,b1,buyer,2026-10-02 09:00:00,a1",
        "m4,b1,agent,2026-10-02 09:00:20,a1"));
    assertEquals(2, r.size());
    assertEquals("2026-10-01", r.get(0).get("date").toString());
    assertEquals(10.0, r.get(0).get("first_response_s"));
    assertEquals("2026-10-02", r.get(1).get("date").toString());
    assertEquals(20.0, r.get(1).get("first_response_s"));
  }
}
