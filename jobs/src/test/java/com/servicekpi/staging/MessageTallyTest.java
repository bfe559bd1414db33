package com.servicekpi.staging;

import static com.servicekpi.testing.Fixtures.messages;
import static com.servicekpi.testing.Fixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.servicekpi.sources.Source;
import com.servicekpi.testing.Fixtures;
import com.servicekpi.testing.TestSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The messages' row accounting and duplicates (spec §2.1), one rule per test. */
class MessageTallyTest {
  @Test
  void tallyCountsRowsPerReasonAndDistinctIdsUnroutedSystemAndBotAmongUsableRows() {
    Dataset<Row> typed = Validate.messages(Fixtures.raw(Source.MESSAGES,
        "m1,b1,buyer,2026-10-01 10:00:00,a1", "m1,b1,buyer,2026-10-01 10:00:00,a1",
        "m1,b1,buyer,2026-10-01 10:00:00,a1", "m2,b1,agent,2026-10-01 10:00:30,a1",
        "m3,b2,buyer,2026-10-01 11:00:00,", "m4,b1,system,2026-10-01 10:01:00,a1",
        "m5,b1,bot,2026-10-01 10:01:00,a1", "m6,b1,robot,2026-10-01 10:01:00,a1",
        "m2,b1,agent,2026-10-01 10:00:30,a1"));
    List<Map<String, Object>> r = rows(MessageTally.tally(typed).orderBy(Validate.REASON), Validate.REASON);
    assertEquals(2, r.size());
    Map<String, Object> usable = r.get(0);
    assertNull(usable.get(Validate.REASON));
    assertEquals(8L, usable.get("rows"));
    // Hashes of m1..m5: two rows of m1 and the last row (m2, apart from its first copy) are duplicates.
    assertEquals(5L, usable.get("ids"));
    assertEquals(1L, usable.get("unrouted"));
    assertEquals(1L, usable.get("system"));
    assertEquals(1L, usable.get("bot"));
    Map<String, Object> rejected = r.get(1);
    assertEquals("unknown sender 'robot' (expected buyer, agent, bot or system)", rejected.get(Validate.REASON));
    assertEquals(1L, rejected.get("rows"));
    assertEquals(0L, rejected.get("ids"));
  }

  @Test
  void tallyCountsCopiesOfAnIdWithDifferentSendersAsOneIdHash() {
    // m1's three copies disagree on the sender (buyer unrouted, system, bot): one id, three rows,
    // each counted under its own sender kind. With 64 shuffle partitions and no adaptive
    // coalescing, the copies meet in one partition only if the shuffle is by the hash alone (the
    // key without its sender bits), not by the whole key.
    Dataset<Row> typed = Validate.messages(Fixtures.raw(Source.MESSAGES,
        "m1,b1,buyer,2026-10-01 10:00:00,", "m1,b1,system,2026-10-01 10:00:00,a1",
        "m1,b1,bot,2026-10-01 10:00:00,a1", "m2,b1,agent,2026-10-01 10:00:30,a1"));
    Map<String, Object> usable = TestSpark.withConf(
        Map.of("spark.sql.adaptive.enabled", "false", "spark.sql.shuffle.partitions", "64"),
        () -> rows(MessageTally.tally(typed), Validate.REASON).get(0));
    assertEquals(4L, usable.get("rows"));
    assertEquals(2L, usable.get("ids"));
    assertEquals(1L, usable.get("unrouted"));
    assertEquals(1L, usable.get("system"));
    assertEquals(1L, usable.get("bot"));
  }

  @Test
  void noDuplicatesWhenEveryUsableMessageHasItsOwnIdHashAndNoExactCountIsRun() {
    assertEquals(new MessageTally.Duplicates(0, true), MessageTally.duplicates(7, 7, () -> {
      throw new AssertionError("the exact count ran although the hashes were all distinct");
    }));
  }

  @Test
  void fewerDistinctHashesThanUsableMessagesAreResolvedByTheExactCountOfIds() {
    // 7 usable rows, 5 distinct hashes: two ids share a hash, and 6 ids are distinct, so 1 duplicate
    assertEquals(new MessageTally.Duplicates(1, true), MessageTally.duplicates(7, 5, () -> new MessageTally.Ids(6, 6)));
  }

  @Test
  void copiesDisagreeWhenAnIdHasMoreVersionsThanOne() {
    // 6 distinct ids in 7 versions: the copies of one id differ
    assertEquals(new MessageTally.Duplicates(1, false), MessageTally.duplicates(7, 6, () -> new MessageTally.Ids(6, 7)));
  }

  @Test
  void theExactCountOfIdsCountsEachUsableMessageIdOnceAndNoRejectedOne() {
    Dataset<Row> typed = Validate.messages(Fixtures.raw(Source.MESSAGES,
        "m1,b1,buyer,2026-10-01 10:00:00,a1", "m1,b1,buyer,2026-10-01 10:00:00,a1",
        "m2,b1,agent,2026-10-01 10:00:30,a1", "m3,b1,robot,2026-10-01 10:01:00,a1"));
    // m1 (twice, the same) and m2; m3 is rejected
    assertEquals(new MessageTally.Ids(2, 2), MessageTally.ids(typed));
  }

  @Test
  void versionsCountTheDifferentCopiesOfAnIdInBuyerAgentSenderOrTime() {
    Dataset<Row> typed = Validate.messages(Fixtures.raw(Source.MESSAGES,
        "m1,b1,buyer,2026-10-01 10:00:00,a1", "m1,b1,buyer,2026-10-01 10:00:00,a1,s9,web", // same but session
        "m2,b1,buyer,2026-10-01 10:00:00,a1", "m2,b1,buyer,2026-10-01 10:05:00,a1",       // time
        "m3,b1,agent,2026-10-01 10:00:30,a1", "m3,b1,agent,2026-10-01 10:00:30,a2",       // agent
        "m4,b1,buyer,2026-10-01 10:01:00,a1", "m4,b2,buyer,2026-10-01 10:01:00,a1",       // buyer
        "m5,b1,buyer,2026-10-01 10:02:00,a1", "m5,b1,bot,2026-10-01 10:02:00,a1"));       // sender
    assertEquals(new MessageTally.Ids(5, 9), MessageTally.ids(typed));
  }

  @Test
  void messagesAreDeduplicatedForTheRoundsOnlyWhenSomeCopiesDisagree() {
    Dataset<Row> usable = Validate.usable(Validate.messages(Fixtures.raw(Source.MESSAGES,
        "m1,b1,buyer,2026-10-01 10:00:00,a1", "m1,b1,buyer,2026-10-01 10:00:00,a1",
        "m2,b1,agent,2026-10-01 10:00:30,a1")));
    assertEquals(3L, MessageTally.forRounds(usable, new MessageTally.Duplicates(1, true)).count());
    assertEquals(2L, MessageTally.forRounds(usable, new MessageTally.Duplicates(1, false)).count());
  }
}
