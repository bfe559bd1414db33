package com.servicekpi.reports;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The agent ranking of a month, by sales, with its 销冠 and 服务之星. */
public final class Ranking {
  private Ranking() {}

  public record Row(int rank, KpiRow agent, boolean topSales, boolean serviceStar) {}

  private static final Comparator<KpiRow> BY_SALES = Comparator
      .comparing((KpiRow r) -> r.sales() == null ? BigDecimal.ZERO : r.sales()).reversed()
      .thenComparing(Comparator.comparingLong(KpiRow::receptions).reversed())
      .thenComparing(KpiRow::agentId);

  /**
   * Sorted by sales (then receptions, then agent id). 销冠 (top sales): the first agent, when its
   * sales are above zero. 服务之星 (service star): the highest satisfaction rate among agents with
   * at least minRatings ratings; a tie goes to more ratings, then the smaller agent id.
   */
  public static List<Row> build(List<KpiRow> agents, long minRatings) {
    List<KpiRow> sorted = new ArrayList<>(agents);
    sorted.sort(BY_SALES);
    KpiRow star = agents.stream()
        .filter(a -> a.ratings() >= minRatings && a.satisfactionRate() != null)
        .min(Comparator.comparing(KpiRow::satisfactionRate).reversed()
            .thenComparing(Comparator.comparingLong(KpiRow::ratings).reversed())
            .thenComparing(KpiRow::agentId))
        .orElse(null);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      KpiRow a = sorted.get(i);
      boolean top = i == 0 && a.sales() != null && a.sales().signum() > 0;
      out.add(new Row(i + 1, a, top, a == star));
    }
    return out;
  }
}
