package com.servicekpi.reports;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The agent rankings of a month: agents who sell (presale) by sales, with the 销冠; the others
 * (after-sales, QC) by service. One 服务之星 for the whole month, in whichever list it is.
 */
public final class Ranking {
  private Ranking() {}

  public record Row(int rank, KpiRow agent, boolean topSales, boolean serviceStar) {}

  private static final Comparator<KpiRow> BY_SALES = Comparator
      .comparing((KpiRow r) -> r.sales() == null ? BigDecimal.ZERO : r.sales()).reversed()
      .thenComparing(Comparator.comparingLong(KpiRow::receptions).reversed())
      .thenComparing(KpiRow::agentId);

  private static final Comparator<KpiRow> BY_SERVICE = Comparator
      .comparing((KpiRow r) -> r.satisfactionRate() == null ? -1.0 : r.satisfactionRate()).reversed()
      .thenComparing(Comparator.comparing((KpiRow r) -> r.responseRate() == null ? -1.0 : r.responseRate()).reversed())
      .thenComparing(Comparator.comparingLong(KpiRow::receptions).reversed())
      .thenComparing(KpiRow::agentId);

  /**
   * 服务之星 (service star): the highest satisfaction rate among agents with at least minRatings
   * ratings; a tie goes to more ratings, then the smaller agent id. Null when nobody qualifies.
   */
  public static KpiRow star(List<KpiRow> agents, long minRatings) {
    return agents.stream()
        .filter(a -> a.ratings() >= minRatings && a.satisfactionRate() != null)
        .min(Comparator.comparing(KpiRow::satisfactionRate).reversed()
            .thenComparing(Comparator.comparingLong(KpiRow::ratings).reversed())
            .thenComparing(KpiRow::agentId))
        .orElse(null);
  }

  /** Every agent by sales, the star among them ({@link #build(List, KpiRow)}). */
  public static List<Row> build(List<KpiRow> agents, long minRatings) {
    return build(agents, star(agents, minRatings));
  }

  /**
   * Sorted by sales (then receptions, then agent id). 销冠 (top sales): the first agent, when its
   * sales are above zero.
   */
  public static List<Row> build(List<KpiRow> agents, KpiRow star) {
    List<KpiRow> sorted = new ArrayList<>(agents);
    sorted.sort(BY_SALES);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      KpiRow a = sorted.get(i);
      boolean top = i == 0 && a.sales() != null && a.sales().signum() > 0;
      out.add(new Row(i + 1, a, top, a == star));
    }
    return out;
  }

  /**
   * Agents who do not sell, by service: those with at least minRatings ratings first, by
   * satisfaction rate, then response rate, then receptions; then the others the same way (their
   * satisfaction rests on too few ratings to lead).
   */
  public static List<Row> byService(List<KpiRow> agents, long minRatings, KpiRow star) {
    List<KpiRow> rated = new ArrayList<>(agents.stream().filter(a -> a.ratings() >= minRatings).toList());
    List<KpiRow> rest = new ArrayList<>(agents.stream().filter(a -> a.ratings() < minRatings).toList());
    rated.sort(BY_SERVICE);
    rest.sort(BY_SERVICE);
    List<Row> out = new ArrayList<>();
    for (KpiRow a : rated) {
      out.add(new Row(out.size() + 1, a, false, a == star));
    }
    for (KpiRow a : rest) {
      out.add(new Row(out.size() + 1, a, false, a == star));
    }
    return out;
  }

  /**
   * Last month's rank of each agent of a ranking, among the same agents ranked the same way on
   * last month's rows; an agent without a row last month has none.
   */
  public static java.util.Map<String, Integer> previousRanks(List<Row> ranking, List<KpiRow> previousMonth,
                                                             boolean bySales, long minRatings) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    ranking.forEach(r -> ids.add(r.agent().agentId()));
    List<KpiRow> before = previousMonth.stream().filter(a -> ids.contains(a.agentId())).toList();
    List<Row> ranked = bySales ? build(before, (KpiRow) null) : byService(before, minRatings, null);
    java.util.Map<String, Integer> out = new java.util.HashMap<>();
    ranked.forEach(r -> out.put(r.agent().agentId(), r.rank()));
    return out;
  }
}
