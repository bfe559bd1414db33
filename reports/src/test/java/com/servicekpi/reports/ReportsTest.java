package com.servicekpi.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cards, ranking and formats from small hand-made KPI rows. */
class ReportsTest {

  /** A row with every metric given, in the tables' order. */
  static KpiRow kpi(String period, String teamId, String teamName, String agentId, String agentName, long receptions,
                    Double responseRate, Double firstAvg, Double firstP90, Double responseAvg, long ratings,
                    Double satisfaction, Double inquiryConversion, Double paidConversion, BigDecimal sales,
                    BigDecimal avgOrderValue) {
    Map<Metric, Double> v = new java.util.EnumMap<>(Metric.class);
    v.put(Metric.RESPONSE_RATE, responseRate);
    v.put(Metric.FIRST_RESPONSE_AVG, firstAvg);
    v.put(Metric.FIRST_RESPONSE_P90, firstP90);
    v.put(Metric.RESPONSE_AVG, responseAvg);
    v.put(Metric.SATISFACTION, satisfaction);
    v.put(Metric.INQUIRY_CONVERSION, inquiryConversion);
    v.put(Metric.PAID_CONVERSION, paidConversion);
    v.put(Metric.SALES, sales == null ? null : sales.doubleValue());
    v.put(Metric.AVG_ORDER_VALUE, avgOrderValue == null ? null : avgOrderValue.doubleValue());
    return new KpiRow(period, teamId, teamName, agentId, agentName, receptions, ratings, sales, v);
  }
  static KpiRow agent(String id, String sales, long ratings, Double satisfaction) {
    return kpi("2026-10", "T1", "售前一组", id, "客服" + id, 10, 0.9, 20.0, 40.0, 25.0, ratings,
        satisfaction, 0.3, 0.2, new BigDecimal(sales), null);
  }

  static KpiRow team(double responseRate, double firstAvg, String sales) {
    return kpi("2026-10", "T1", "售前一组", null, null, 100, responseRate, firstAvg, 50.0, 30.0, 40,
        0.9, 0.3, 0.25, new BigDecimal(sales), new BigDecimal("100.00"));
  }

  @Test
  void aCardHasTheValueThePreviousMonthAndPassOrMissAgainstTheTarget() {
    List<Cards.Card> cards = Cards.build(team(0.957, 35.0, "1000.00"), team(0.950, 40.0, "800.00"),
        Map.of(Metric.RESPONSE_RATE, 0.97, Metric.FIRST_RESPONSE_AVG, 40.0));
    Cards.Card rate = cards.get(Metric.RESPONSE_RATE.ordinal());
    assertEquals(0.957, rate.value());
    assertEquals(0.950, rate.previous());
    assertEquals(false, rate.pass());
    Cards.Card first = cards.get(Metric.FIRST_RESPONSE_AVG.ordinal());
    assertEquals(true, first.pass()); // lower is better: 35 s <= 40 s
    assertNull(cards.get(Metric.SALES.ordinal()).pass()); // no target
    assertEquals(1000.0, cards.get(Metric.SALES.ordinal()).value());
  }

  @Test
  void theChangeIsShownInTheMetricsUnit() {
    assertEquals("+0.7 pp", Formats.change(Metric.RESPONSE_RATE, 0.957, 0.950, false));
    assertEquals("-5.0 s", Formats.change(Metric.FIRST_RESPONSE_AVG, 35.0, 40.0, false));
    assertEquals("+200.00", Formats.change(Metric.SALES, 1000.0, 800.0, false));
    assertEquals("—", Formats.change(Metric.SALES, 1000.0, null, false));
  }

  @Test
  void numbersAreFormattedForManagers() {
    assertEquals("95.7%", Formats.rate(0.9567));
    assertEquals("37.5 s", Formats.seconds(37.5, false));
    assertEquals("2 min 05 s", Formats.seconds(125.2, false));
    assertEquals("2 分 05 秒", Formats.seconds(125.2, true));
    assertEquals("59 min 59 s", Formats.seconds(3599.4, false));
    assertEquals("1 h 00 min", Formats.seconds(3599.6, false));
    assertEquals("5 h 32 min", Formats.seconds(19935, false)); // 5 h 32 min 15 s
    assertEquals("5 小时 32 分", Formats.seconds(19935, true));
    assertEquals("37,693.91", Formats.money(37693.91));
    assertEquals("—", Formats.value(Metric.SATISFACTION, null, true));
  }

  @Test
  void theRankingIsBySalesWithTheTopSellerMarked() {
    List<Ranking.Row> r = Ranking.build(List.of(agent("a1", "100.00", 30, 0.9), agent("a2", "300.00", 25, 0.8),
        agent("a3", "200.00", 5, 1.0)), 20);
    assertEquals(List.of("a2", "a3", "a1"), r.stream().map(x -> x.agent().agentId()).toList());
    assertTrue(r.get(0).topSales());
    assertFalse(r.get(1).topSales());
  }

  @Test
  void theServiceStarNeedsTheMinimumNumberOfRatings() {
    // a3 has the best rate but only 5 ratings: a1 (0.9 with 30) is the star
    List<Ranking.Row> r = Ranking.build(List.of(agent("a1", "100.00", 30, 0.9), agent("a2", "300.00", 25, 0.8),
        agent("a3", "200.00", 5, 1.0)), 20);
    assertEquals(List.of("a1"), r.stream().filter(Ranking.Row::serviceStar).map(x -> x.agent().agentId()).toList());
  }

  @Test
  void aServiceStarTieGoesToMoreRatings() {
    List<Ranking.Row> r = Ranking.build(List.of(agent("a1", "1.00", 20, 0.95), agent("a2", "2.00", 40, 0.95)), 20);
    assertEquals(List.of("a2"), r.stream().filter(Ranking.Row::serviceStar).map(x -> x.agent().agentId()).toList());
  }

  @Test
  void nobodyIsTopSellerWhenThereAreNoSales() {
    List<Ranking.Row> r = Ranking.build(List.of(agent("a1", "0.00", 1, 0.5)), 20);
    assertFalse(r.get(0).topSales());
    assertFalse(r.get(0).serviceStar());
  }

  static KpiRow day(String date, String teamId, String teamName, Double responseRate) {
    return kpi(date, teamId, teamName, null, null, 10, responseRate, 20.0, 40.0, 25.0, 5,
        0.8, 0.3, 0.2, new BigDecimal("10.00"), new BigDecimal("10.00"));
  }

  @Test
  void aTrendChartHasALinePerTeamAndAnItemPerDayWithGapsWhereThereIsNoValue() {
    Map<String, List<KpiRow>> lines = new java.util.LinkedHashMap<>();
    lines.put("T1", List.of(day("2026-02-01", "T1", "售前一组", 0.95), day("2026-02-03", "T1", "售前一组", 0.90)));
    lines.put("_all", List.of(day("2026-02-01", "_all", null, 0.93), day("2026-02-02", "_all", null, null)));
    ReportInput in = new ReportInput(java.time.YearMonth.of(2026, 2), "UTC", "T1", "售前一组", null, null,
        lines, List.of("T1"), List.of(), null);
    var data = TrendCharts.dataset(in, Metric.RESPONSE_RATE, true);
    assertEquals(2, data.getSeriesCount());
    assertEquals("售前一组 (T1)", data.getSeries(0).getKey());
    assertEquals("全部团队", data.getSeries(1).getKey());
    assertEquals(28, data.getItemCount(0)); // February 2026: every day, data or not
    assertEquals(0.95, data.getSeries(0).getValue(0));
    assertNull(data.getSeries(0).getValue(1)); // 02-02: no row, a gap
    assertEquals(0.90, data.getSeries(0).getValue(2));
    assertNull(data.getSeries(1).getValue(1)); // 02-02: a row with a null rate, a gap too
    assertNull(data.getSeries(1).getValue(27));
  }

  @Test
  void agentsWhoDoNotSellAreRankedByServiceWithTheRatedOnesFirst() {
    KpiRow fewRatings = agent("a1", "0.00", 3, 1.0); // 100% on 3 ratings: not ahead of the rated
    KpiRow good = agent("a2", "0.00", 25, 0.96);
    KpiRow better = agent("a3", "0.00", 30, 0.98);
    List<Ranking.Row> r = Ranking.byService(List.of(fewRatings, good, better), 20, Ranking.star(
        List.of(fewRatings, good, better), 20));
    assertEquals(List.of("a3", "a2", "a1"), r.stream().map(x -> x.agent().agentId()).toList());
    assertTrue(r.get(0).serviceStar());
    assertFalse(r.get(0).topSales());
  }

  @Test
  void theServiceStarIsOneForTheMonthWhicheverRankingItIsIn() {
    KpiRow seller = agent("a1", "500.00", 25, 0.90);
    KpiRow server = agent("a2", "0.00", 25, 0.99);
    KpiRow star = Ranking.star(List.of(seller, server), 20);
    assertEquals("a2", star.agentId());
    assertFalse(Ranking.build(List.of(seller), star).get(0).serviceStar());
    assertTrue(Ranking.byService(List.of(server), 20, star).get(0).serviceStar());
  }

  @Test
  void aMonthWhoseDataStartsLateOrEndsEarlyIsPartialAndNotComparable() {
    assertTrue(new ReportInput.Coverage("2026-11-01", "2026-11-05", 5, 30, false).partial());
    assertTrue(new ReportInput.Coverage("2026-10-06", "2026-10-31", 26, 31, false).partial());
    // a day without data in the middle (a closed Sunday) does not make a month partial
    ReportInput.Coverage whole = new ReportInput.Coverage("2026-10-01", "2026-10-31", 30, 31, false);
    assertFalse(whole.partial());
    assertTrue(whole.comparable());
    assertFalse(new ReportInput.Coverage("2026-10-01", "2026-10-31", 31, 31, true).comparable());
  }

  @Test
  void aMonthWithoutSalesOrRatingsShowsNeitherSalesNorSatisfaction() {
    KpiRow noOrders = kpi("2026-10", "_all", null, null, null, 100, 0.9, 20.0, 40.0, 25.0, 0,
        null, null, null, BigDecimal.ZERO, null);
    ReportInput in = new ReportInput(java.time.YearMonth.of(2026, 10), "UTC", null, null, noOrders, null,
        Map.of(), List.of(), List.of(), null);
    assertEquals(List.of(Metric.RESPONSE_RATE, Metric.FIRST_RESPONSE_AVG, Metric.FIRST_RESPONSE_P90,
        Metric.RESPONSE_AVG), PdfReport.shown(in));
  }

  @Test
  void daysWithoutDataAreShownAsRunsOfConsecutiveDays() {
    assertEquals(List.of("2026-10-01 – 10-05", "2026-10-09"), DataNotePage.spans(List.of("2026-10-02", "2026-10-01",
        "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-09")));
  }

  @Test
  void lastMonthsRankIsAmongTheSameAgentsRankedTheSameWay() {
    List<Ranking.Row> now = Ranking.build(List.of(agent("a1", "300.00", 0, null), agent("a2", "200.00", 0, null)),
        (KpiRow) null);
    // last month a2 sold more than a1; a3 (not ranked now) sold most and does not count
    Map<String, Integer> before = Ranking.previousRanks(now, List.of(agent("a1", "50.00", 0, null),
        agent("a2", "90.00", 0, null), agent("a3", "999.00", 0, null)), true, 20);
    assertEquals(Map.of("a2", 1, "a1", 2), before);
  }

  @Test
  void aDurationAxisIsLabelledInTheUnitItsTopReadsBestIn() {
    org.jfree.chart.axis.TickUnit hours = TrendCharts.durationTicks(20_000).getCeilingTickUnit(3000);
    assertEquals(3600.0, hours.getSize());
    assertEquals("2 h", hours.valueToString(7200));
    org.jfree.chart.axis.TickUnit minutes = TrendCharts.durationTicks(1500).getCeilingTickUnit(500);
    assertEquals(600.0, minutes.getSize());
    assertEquals("10 min", minutes.valueToString(600));
    org.jfree.chart.axis.TickUnit seconds = TrendCharts.durationTicks(300).getCeilingTickUnit(40);
    assertEquals(50.0, seconds.getSize());
    assertEquals("150 s", seconds.valueToString(150));
  }
}
