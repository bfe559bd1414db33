package com.servicekpi.staging;

import static com.servicekpi.testing.Fixtures.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.servicekpi.sources.Source;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each source staged by its own rules into one shape: usable rows, tally, duplicates, extra counts. */
class StagingTest {
  @Test
  void identicalCopiesOfAnOrderAreOneUsableRowAndOneDuplicate() {
    Staging.Staged s = Staging.of(Source.ORDERS, raw(Source.ORDERS,
        "o1,b1,2026-10-01 10:00:00,5.00", "o1,b1,2026-10-01 10:00:00,5.00", "o2,b1,2026-10-01 11:00:00,7.00"));
    assertEquals(3L, s.tally().read());
    assertEquals(1L, s.duplicates());
    assertEquals(2L, s.usable().count());
  }

  @Test
  void ordersWithoutARepeatedIdHaveNoDuplicates() {
    Staging.Staged s = Staging.of(Source.ORDERS, raw(Source.ORDERS,
        "o1,b1,2026-10-01 10:00:00,5.00", "o2,b1,2026-10-01 11:00:00,-7.00"));
    assertEquals(0L, s.duplicates());
    assertEquals(Map.of("amount '-7.00' is negative", 1L), s.tally().rejected());
    assertEquals(1L, s.usable().count());
  }

  @Test
  void messagesCountTheirCopiesAndSenders() {
    // m1 three identical copies: two duplicates; m3 a buyer message without an agent; m4 system
    Staging.Staged s = Staging.of(Source.MESSAGES, raw(Source.MESSAGES,
        "m1,b1,buyer,2026-10-01 10:00:00,a1", "m1,b1,buyer,2026-10-01 10:00:00,a1",
        "m1,b1,buyer,2026-10-01 10:00:00,a1", "m2,b1,agent,2026-10-01 10:00:30,a1",
        "m3,b2,buyer,2026-10-01 11:00:00,", "m4,b1,system,2026-10-01 10:01:00,a1"));
    assertEquals(2L, s.duplicates());
    assertEquals(Map.of(Staging.UNROUTED, 1L, Staging.SYSTEM, 1L, Staging.BOT, 0L), s.extra());
    // copies that agree are left in: they change no round
    assertEquals(6L, s.usable().count());
  }

  @Test
  void messagesWhoseCopiesDisagreeKeepOneCopyPerId() {
    Staging.Staged s = Staging.of(Source.MESSAGES, raw(Source.MESSAGES,
        "m1,b1,buyer,2026-10-01 10:00:00,a1", "m1,b1,buyer,2026-10-01 10:00:05,a1",
        "m2,b1,agent,2026-10-01 10:00:30,a1"));
    assertEquals(1L, s.duplicates());
    assertEquals(2L, s.usable().count());
  }

  @Test
  void callsCountTheAnsweredOnesWithoutAnAgent() {
    Staging.Staged s = Staging.of(Source.CALLS, raw(Source.CALLS,
        "c1,2026-10-05 09:00:00,2026-10-05 09:05:00,p1,q,a1,2026-10-05 09:00:10",
        "c2,2026-10-05 09:00:00,2026-10-05 09:05:00,p1,q,,2026-10-05 09:00:10",
        "c3,2026-10-05 09:00:00,2026-10-05 09:01:00,p1,q",
        "c3,2026-10-05 09:00:00,2026-10-05 09:01:00,p1,q"));
    assertEquals(Map.of(Staging.NO_AGENT, 1L), s.extra());
    assertEquals(1L, s.duplicates());
    assertEquals(3L, s.usable().count());
  }

  @Test
  void theRosterIsDecidedByTheRowRulesAlone() {
    Staging.Staged s = Staging.of(Source.ROSTER, raw(Source.ROSTER,
        "a1,T1,presale,2026-01-01", "a3,T2,aftersale,2026-01-01", "a2,T1,presale,someday"));
    assertEquals(3L, s.tally().read());
    assertEquals(0L, s.duplicates());
    assertEquals(Map.of("unparseable date in valid_from", 1L), s.tally().rejected());
    assertEquals(2L, s.usable().count());
  }

  @Test
  void anAbsentSourceIsNoRowsTypedAsAPresentOnesUsableRows() {
    for (Source source : Source.values()) {
      Staging.Staged present = Staging.of(source, raw(source));
      assertEquals(List.of(present.usable().columns()), List.of(Staging.absent(source, raw(source)).columns()),
          source.folder);
      assertEquals(0L, Staging.absent(source, raw(source)).count(), source.folder);
    }
  }
}
