package com.servicekpi.reports;

import java.math.BigDecimal;
import java.util.function.Function;

/** The KPIs on the cards and in the trend charts, with their labels, units and direction. */
public enum Metric {
  RESPONSE_RATE("回复率", "Response rate", Unit.RATE, true, KpiRow::responseRate),
  FIRST_RESPONSE_AVG("首次响应均值", "First response avg", Unit.SECONDS, false, KpiRow::firstResponseAvg),
  FIRST_RESPONSE_P90("首次响应 P90", "First response p90", Unit.SECONDS, false, KpiRow::firstResponseP90),
  RESPONSE_AVG("平均响应时间", "Avg response time", Unit.SECONDS, false, KpiRow::responseAvg),
  SATISFACTION("满意率", "Satisfaction rate", Unit.RATE, true, KpiRow::satisfactionRate),
  INQUIRY_CONVERSION("询单转化率", "Inquiry conversion", Unit.RATE, true, KpiRow::inquiryConversion),
  PAID_CONVERSION("付款转化率", "Paid conversion", Unit.RATE, true, KpiRow::paidConversion),
  SALES("客服销售额", "Sales", Unit.MONEY, true, r -> money(r.sales())),
  AVG_ORDER_VALUE("客单价", "Avg order value", Unit.MONEY, true, r -> money(r.avgOrderValue()));

  public enum Unit { RATE, SECONDS, MONEY }

  public final String zh;
  public final String en;
  public final Unit unit;
  public final boolean higherIsBetter;
  private final Function<KpiRow, Double> value;

  Metric(String zh, String en, Unit unit, boolean higherIsBetter, Function<KpiRow, Double> value) {
    this.zh = zh;
    this.en = en;
    this.unit = unit;
    this.higherIsBetter = higherIsBetter;
    this.value = value;
  }

  /** The metric's value in a row, or null when the row has none. */
  public Double of(KpiRow row) {
    return row == null ? null : value.apply(row);
  }

  public String label(boolean chinese) {
    return chinese ? zh : en;
  }

  private static Double money(BigDecimal d) {
    return d == null ? null : d.doubleValue();
  }
}
