package com.servicekpi.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The KPI cards of a month: value, previous month, change, target and pass/miss. */
public final class Cards {
  private Cards() {}

  /** pass is null when there is no target or no value. */
  public record Card(Metric metric, Double value, Double previous, Double target, Boolean pass) {}

  public static List<Card> build(KpiRow month, KpiRow previousMonth, Map<Metric, Double> targets) {
    List<Card> cards = new ArrayList<>();
    for (Metric m : Metric.values()) {
      Double v = m.of(month);
      Double t = targets.get(m);
      Boolean pass = v == null || t == null ? null : m.higherIsBetter ? v >= t : v <= t;
      cards.add(new Card(m, v, m.of(previousMonth), t, pass));
    }
    return cards;
  }
}
