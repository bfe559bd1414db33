package com.servicekpi.model;

import static com.servicekpi.testing.Fixtures.ratings;
import static com.servicekpi.testing.Fixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Spec §3: satisfaction. */
class SatisfactionTest {
  private static List<Map<String, Object>> counted(Dataset<Row> ratings) {
    return rows(Satisfaction.counted(ratings, 4, 2), "date", "agent_id", "buyer_id");
  }

  @Test
  void theLatestRatingOfADayCounts() {
    List<Map<String, Object>> r = counted(ratings(
        "a1,b1,2026-10-01 10:00:00,1",
        "a1,b1,2026-10-01 18:00:00,5",
        "a1,b1,2026-10-01 12:00:00,2"));
    assertEquals(1, r.size());
    assertEquals(5, r.get(0).get("score"));
  }

  @Test
  void aTieOnRatedAtKeepsTheHigherScore() {
    List<Map<String, Object>> r = counted(ratings(
        "a1,b1,2026-10-01 10:00:00,3",
        "a1,b1,2026-10-01 10:00:00,4"));
    assertEquals(1, r.size());
    assertEquals(4, r.get(0).get("score"));
  }

  @Test
  void ratingsOfOtherDaysOrOtherAgentsCountSeparately() {
    List<Map<String, Object>> r = counted(ratings(
        "a1,b1,2026-10-01 10:00:00,3",
        "a1,b1,2026-10-02 10:00:00,4",
        "a2,b1,2026-10-01 10:00:00,5"));
    assertEquals(3, r.size());
  }

  @Test
  void aRatingCountsOnTheLocalDateOfRatedAt() {
    // 17:30 UTC is 01:30 the next day in Asia/Shanghai
    List<Map<String, Object>> r = counted(ratings("a1,b1,2026-10-01T17:30:00Z,5"));
    assertEquals("2026-10-02", r.get(0).get("date").toString());
  }

  @Test
  void fourAndFiveAreSatisfiedOneAndTwoDissatisfiedThreeNeither() {
    List<Map<String, Object>> r = counted(ratings(
        "a1,b1,2026-10-01 10:00:00,1", "a1,b2,2026-10-01 10:00:00,2", "a1,b3,2026-10-01 10:00:00,3",
        "a1,b4,2026-10-01 10:00:00,4", "a1,b5,2026-10-01 10:00:00,5"));
    assertEquals(List.of(false, false, false, true, true), r.stream().map(x -> x.get("satisfied")).toList());
    assertEquals(List.of(true, true, false, false, false), r.stream().map(x -> x.get("dissatisfied")).toList());
  }
}
