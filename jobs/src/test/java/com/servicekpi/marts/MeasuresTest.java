package com.servicekpi.marts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.servicekpi.reports.Metric;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The catalogue of the agent and team tables' metric columns against spec §5 and §6.3. */
class MeasuresTest {
  @Test
  void theColumnsAreTheSpecsInItsOrder() {
    // Spec §5's table of columns, then §6.3's two agent columns of calls.
    assertEquals(List.of("receptions", "replied", "response_rate", "answered_rounds", "rounds",
        "first_response_avg_s", "first_response_p50_s", "first_response_p90_s", "response_avg_s",
        "ratings", "satisfied", "dissatisfied", "satisfaction_rate",
        "inquiries", "ordered_buyers", "paid_buyers", "inquiry_conversion_rate", "paid_conversion_rate",
        "sales_amount", "avg_order_value", "calls_answered", "handle_avg_s"), Measures.names());
  }

  @Test
  void everyReportedMetricIsAColumn() {
    for (Metric m : Metric.values()) {
      assertTrue(Measures.names().contains(m.column), m + " names " + m.column);
    }
  }

  @Test
  void ratiosAreOfStatistics() {
    Set<String> statistics = Measures.statistics().stream().map(Measures.Statistic::name).collect(Collectors.toSet());
    for (Measures.Measure m : Measures.columns()) {
      if (m.percentile() == null) {
        assertTrue(statistics.contains(m.numerator()), m.name() + ": numerator " + m.numerator());
      }
      if (m.isRatio()) {
        assertTrue(statistics.contains(m.denominator()), m.name() + ": denominator " + m.denominator());
      }
    }
  }

  @Test
  void everyStatisticIsAColumnOrFeedsOne() {
    for (Measures.Statistic s : Measures.statistics()) {
      boolean used = Measures.columns().stream()
          .anyMatch(m -> s.name().equals(m.numerator()) || s.name().equals(m.denominator()));
      assertTrue(used, s.name());
      assertEquals(s.hidden(), !Measures.names().contains(s.name()), s.name());
    }
  }

  @Test
  void theRatiosOfSpecFive() {
    assertEquals(List.of("replied", "receptions"), parts("response_rate"));
    assertEquals(List.of("_fr_sum", "_fr_n"), parts("first_response_avg_s"));
    assertEquals(List.of("_resp_sum", "answered_rounds"), parts("response_avg_s"));
    assertEquals(List.of("satisfied", "ratings"), parts("satisfaction_rate"));
    assertEquals(List.of("ordered_buyers", "inquiries"), parts("inquiry_conversion_rate"));
    assertEquals(List.of("paid_buyers", "inquiries"), parts("paid_conversion_rate"));
    assertEquals(List.of("sales_amount", "paid_buyers"), parts("avg_order_value"));
    assertEquals(List.of("_handle_sum", "calls_answered"), parts("handle_avg_s"));
    assertTrue(Measures.column("avg_order_value").money());
    assertFalse(Measures.column("response_rate").money());
  }

  @Test
  void percentilesAreNoRatio() {
    assertEquals("p50", Measures.column("first_response_p50_s").percentile());
    assertEquals("p90", Measures.column("first_response_p90_s").percentile());
    assertNull(Measures.column("first_response_p90_s").denominator());
  }

  @Test
  void buyerCountsAreCountedDistinctAtTeamLevelTheRestSums() {
    assertEquals(List.of("inquiries", "ordered_buyers", "paid_buyers"), Measures.buyers());
    // the reception facts' flags the team tables count once per buyer; the first is every inquiry
    assertEquals(List.of("inquiry", "ordered", "paid"),
        Measures.buyerCounts().stream().map(Measures.Statistic::buyerFlag).toList());
    assertNull(Measures.column("receptions").denominator());
    assertEquals(List.of("receptions", "replied", "answered_rounds", "rounds", "_fr_sum", "_fr_n", "_resp_sum",
        "ratings", "satisfied", "dissatisfied", "sales_amount", "calls_answered", "_handle_sum"), Measures.summed());
  }

  @Test
  void dailyComparesTheCountsLateDataMoves() {
    assertEquals(List.of("receptions", "replied", "ratings", "satisfied", "dissatisfied", "inquiries",
        "ordered_buyers", "paid_buyers", "sales_amount"), Measures.compared());
  }

  @Test
  void anUnknownColumnIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> Measures.column("answer_rate"));
  }

  private static List<String> parts(String column) {
    Measures.Measure m = Measures.column(column);
    return List.of(m.numerator(), m.denominator());
  }
}
