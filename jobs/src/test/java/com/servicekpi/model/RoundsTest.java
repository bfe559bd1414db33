package com.servicekpi.model;

import static com.servicekpi.testing.Fixtures.messages;
import static com.servicekpi.testing.Fixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.servicekpi.sources.Source;
import com.servicekpi.staging.MessageTally;
import com.servicekpi.staging.Validate;
import com.servicekpi.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Spec §2: rounds (咨询轮次), one rule per test. Times are local (Asia/Shanghai). */
class RoundsTest {
  private static final long DAY_MICROS = 24L * 3600 * 1_000_000;

  private static List<Map<String, Object>> rounds(Dataset<Row> messages) {
    return rows(Rounds.of(messages, DAY_MICROS), "agent_id", "start_at", "start_id");
  }

  @Test
  void agentReplyWithinWindowAnswersTheRound() {
    List<Map<String, Object>> r = rounds(messages(
        "m1,b1,buyer,2026-10-01 10:00:00,a1",
        "m2,b1,agent,2026-10-01 10:00:30,a1"));
    assertEquals(1, r.size());
    assertEquals(true, r.get(0).get("answered"));
    assertEquals(30.0, r.get(0).get("response_s"));
  }

  @Test
  void laterBuyerMessagesJoinTheOpenRoundAndTimeCountsFromTheFirst() {
    List<Map<String, Object>> r = rounds(messages(
        "m1,b1,buyer,2026-10-01 10:00:00,a1",
        "m2,b1,buyer,2026-10-01 10:00:20,a1",
        "m3,b1,buyer,2026-10-01 10:00:40,a1",
        "m4,b1,agent,2026-10-01 10:01:00,a1"));
    assertEquals(1, r.size());
    assertEquals(60.0, r.get(0).get("response_s"));
  }

  @Test
  void replyExactlyAtTheWindowIsAnsweredOneSecondLaterIsNot() {
    List<Map<String, Object>> r = rounds(messages(
        "m1,b1,buyer,2026-10-01 10:00:00,a1",
        "m2,b1,agent,2026-10-02 10:00:00,a1",
        "m3,b2,buyer,2026-10-01 10:00:00,a1",
        "m4,b2,agent,2026-10-02 10:00:01,a1"));
    assertEquals(2, r.size());
    Map<String, Object> b1 = r.stream().filter(x -> x.get("buyer_id").equals("b1")).findFirst().orElseThrow();
    Map<String, Object> b2 = r.stream().filter(x -> x.get("buyer_id").equals("b2")).findFirst().orElseThrow();
    assertEquals(true, b1.get("answered"));
    assertEquals(86_400.0, b1.get("response_s"));
    assertEquals(false, b2.get("answered"));
    assertNull(b2.get("response_s"));
  }

  @Test
  void aBuyerMessageOnAnotherDateClosesTheOpenRoundUnansweredAndOpensANewOne() {
    List<Map<String, Object>> r = rounds(messages(
        "m1,b1,buyer,2026-10-01 23:59:00,a1",
        "m2,b1,buyer,2026-10-02 00:01:00,a1",
        "m3,b1,agent,2026-10-02 00:02:00,a1"));
    assertEquals(2, r.size());
    assertEquals("2026-10-01", r.get(0).get("date").toString());
    assertEquals(false, r.get(0).get("answered"));
    assertEquals("2026-10-02", r.get(1).get("date").toString());
    assertEquals(true, r.get(1).get("answered"));
    assertEquals(60.0, r.get(1).get("response_s"));
  }

  @Test
  void anAnswerAfterMidnightCountsForTheRoundsDate() {
    List<Map<String, Object>> r = rounds(messages(
        "m1,b1,buyer,2026-10-01 23:59:00,a1",
        "m2,b1,agent,2026-10-02 00:01:00,a1"));
    assertEquals(1, r.size());
    assertEquals("2026-10-01", r.get(0).get("date").toString());
    assertEquals(120.0, r.get(0).get("response_s"));
  }

  @Test
  void botMessagesAreNotAnswers() {
    List<Map<String, Object>> r = rounds(messages(
        "m1,b1,buyer,2026-10-01 10:00:00,a1",
        "m2,b1,bot,2026-10-01 10:00:01,a1",
        "m3,b1,agent,2026-10-01 10:00:45,a1",
        "m4,b2,buyer,2026-10-01 11:00:00,a1",
        "m5,b2,bot,2026-10-01 11:00:01,a1"));
    assertEquals(2, r.size());
    assertEquals(45.0, r.get(0).get("response_s"));
    assertEquals(false, r.get(1).get("answered"));
  }

  @Test
  void anAgentWritingFirstAnswersNothing() {
    List<Map<String, Object>> r = rounds(messages(
        "m1,b1,agent,2026-10-01 09:00:00,a1",
        "m2,b1,buyer,2026-10-01 10:00:00,a1",
        "m3,b1,agent,2026-10-01 10:00:10,a1"));
    assertEquals(1, r.size());
    assertEquals(10.0, r.get(0).get("response_s"));
  }

  @Test
  void tiesOnSentAtAreOrderedByMessageId() {
    // b1: the agent message sorts first (m1 < m2): it answers nothing; the buyer's round stays open.
    // b2: the buyer message sorts first (m3 < m4): answered with 0 s.
    List<Map<String, Object>> r = rounds(messages(
        "m2,b1,buyer,2026-10-01 10:00:00,a1",
        "m1,b1,agent,2026-10-01 10:00:00,a1",
        "m3,b2,buyer,2026-10-01 10:00:00,a1",
        "m4,b2,agent,2026-10-01 10:00:00,a1"));
    assertEquals(2, r.size());
    Map<String, Object> b1 = r.stream().filter(x -> x.get("buyer_id").equals("b1")).findFirst().orElseThrow();
    Map<String, Object> b2 = r.stream().filter(x -> x.get("buyer_id").equals("b2")).findFirst().orElseThrow();
    assertEquals(false, b1.get("answered"));
    assertEquals(true, b2.get("answered"));
    assertEquals(0.0, b2.get("response_s"));
  }

  @Test
  void afterAnAnswerTheNextBuyerMessageOpensANewRoundAndExtraAgentMessagesAnswerNothing() {
    List<Map<String, Object>> r = rounds(messages(
        "m1,b1,buyer,2026-10-01 10:00:00,a1",
        "m2,b1,agent,2026-10-01 10:00:10,a1",
        "m3,b1,agent,2026-10-01 10:00:20,a1",
        "m4,b1,buyer,2026-10-01 11:00:00,a1",
        "m5,b1,agent,2026-10-01 11:00:05,a1"));
    assertEquals(2, r.size());
    assertEquals(10.0, r.get(0).get("response_s"));
    assertEquals(5.0, r.get(1).get("response_s"));
  }

  @Test
  void aTransferMakesTwoConversationsAndTheSecondAgentDoesNotAnswerTheFirst() {
    List<Map<String, Object>> r = rounds(messages(
        "m1,b1,buyer,2026-10-01 10:00:00,a1",
        "m2,b1,system,2026-10-01 10:00:30,a1",
        "m3,b1,buyer,2026-10-01 10:01:00,a2",
        "m4,b1,agent,2026-10-01 10:01:20,a2"));
    assertEquals(2, r.size());
    assertEquals("a1", r.get(0).get("agent_id"));
    assertEquals(false, r.get(0).get("answered"));
    assertEquals("a2", r.get(1).get("agent_id"));
    assertEquals(20.0, r.get(1).get("response_s"));
  }

  @Test
  void systemAndUnroutedMessagesTakeNoPart() {
    // m2 has no agent: it neither opens a round nor joins one; the system message m3 closes nothing.
    List<Map<String, Object>> r = rounds(messages(
        "m2,b1,buyer,2026-10-01 09:00:00,",
        "m1,b1,buyer,2026-10-01 10:00:00,a1",
        "m3,b1,system,2026-10-01 10:00:05,a1",
        "m4,b1,agent,2026-10-01 10:00:15,a1"));
    assertEquals(1, r.size());
    assertEquals(15.0, r.get(0).get("response_s"));
  }

  @Test
  void aMessageIdSeenTwiceIsDroppedAsADuplicate() {
    // Without de-duplication the second copy of m2 would be a second agent message; with it the
    // second round (m3) is answered by m4 only.
    Dataset<Row> m = messages(
        "m1,b1,buyer,2026-10-01 10:00:00,a1",
        "m2,b1,agent,2026-10-01 10:00:10,a1",
        "m2,b1,agent,2026-10-01 10:00:10,a1",
        "m3,b1,buyer,2026-10-01 10:05:00,a1",
        "m4,b1,agent,2026-10-01 10:05:30,a1");
    assertEquals(4, m.count());
    List<Map<String, Object>> r = rounds(m);
    assertEquals(2, r.size());
    assertEquals(30.0, r.get(1).get("response_s"));
  }

  @Test
  void theFirstRoundOfEachDateIsMarkedWhetherItHasOneBuyerMessageOrMore() {
    List<Map<String, Object>> r = rounds(messages(
        "m1,b1,buyer,2026-10-01 10:00:00,a1",
        "m2,b1,buyer,2026-10-01 10:00:05,a1",
        "m3,b1,agent,2026-10-01 10:00:30,a1",
        "m4,b1,buyer,2026-10-01 11:00:00,a1",
        "m5,b1,agent,2026-10-01 11:00:10,a1",
        "m6,b1,buyer,2026-10-02 09:00:00,a1",
        "m7,b1,buyer,2026-10-02 09:00:10,a1",
        "m8,b1,agent,2026-10-02 09:00:20,a1",
        "m9,b1,buyer,2026-10-02 10:00:00,a1",
        "m10,b1,buyer,2026-10-02 10:00:01,a1"));
    assertEquals(List.of("m1", "m4", "m6", "m9"), r.stream().map(x -> x.get("start_id")).toList());
    assertEquals(List.of(true, false, true, false), r.stream().map(x -> x.get("first_of_date")).toList());
  }

  @Test
  void responseTimeKeepsFractionsOfASecond() {
    List<Map<String, Object>> r = rounds(messages(
        "m1,b1,buyer,2026-10-01T10:00:00.250+08:00,a1",
        "m2,b1,agent,2026-10-01T02:00:01.500Z,a1"));
    assertEquals(1.25, r.get(0).get("response_s"));
  }

  @Test
  void copiesThatAgreeChangeNoRound() {
    // Every message twice or three times, with messages of other ids at the same instant: the
    // copies sort next to their original (sent_at, then message_id), so the rounds are those of
    // the messages once each. b1-a1: a round answered at 10:01, one at 10:05 whose buyer messages
    // m4 and m5 share an instant with the agent's m6 (ordered m4, m5, m6: answered in 0 s), and one
    // across midnight (m8 at 23:59:30, m9 the next day: two rounds, neither answered).
    String[] once = {
        "m1,b1,buyer,2026-10-01 10:00:00,a1", "m2,b1,agent,2026-10-01 10:01:00,a1",
        "m4,b1,buyer,2026-10-01 10:05:00,a1", "m5,b1,buyer,2026-10-01 10:05:00,a1",
        "m6,b1,agent,2026-10-01 10:05:00,a1",
        "m8,b1,buyer,2026-10-01 23:59:30,a1", "m9,b1,buyer,2026-10-02 00:00:10,a1",
        "m7,b2,buyer,2026-10-01 10:05:00,a1"};
    // Each row, then the copies in reverse order (every other row twice): a copy is not next to its
    // original in the input, only in the sort.
    List<String> copies = new java.util.ArrayList<>(List.of(once));
    for (int i = once.length - 1; i >= 0; i--) {
      for (int k = 0; k < 1 + i % 2; k++) {
        copies.add(once[i]);
      }
    }
    Dataset<Row> typed = Validate.messages(Fixtures.raw(Source.MESSAGES, copies.toArray(String[]::new)));
    assertEquals(new MessageTally.Ids(8, 8), MessageTally.ids(typed));
    List<Map<String, Object>> expected = rounds(messages(once));
    assertEquals(5, expected.size());
    assertEquals(List.of("m1", "m4", "m7", "m8", "m9"), expected.stream().map(r -> r.get("start_id")).toList());
    assertEquals(List.of(60.0, 0.0), expected.subList(0, 2).stream().map(r -> r.get("response_s")).toList());
    assertEquals(expected, rounds(Validate.usable(typed)));
  }

}
