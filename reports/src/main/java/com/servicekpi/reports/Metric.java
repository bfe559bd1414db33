package com.servicekpi.reports;

/**
 * The KPIs of the agent, team and group tables that have a target (spec §5), declared once: the
 * table column, its {@code targets.*} key, the labels, the unit and the direction. The settings,
 * the readers, the checks, the flags and the report take them from here.
 */
public enum Metric {
  RESPONSE_RATE("response_rate", "回复率", "Response rate", Unit.RATE, true),
  FIRST_RESPONSE_AVG("first_response_avg_s", "首次响应均值", "First response avg", Unit.SECONDS, false),
  FIRST_RESPONSE_P90("first_response_p90_s", "首次响应 P90", "First response p90", Unit.SECONDS, false),
  RESPONSE_AVG("response_avg_s", "平均响应时间", "Avg response time", Unit.SECONDS, false),
  SATISFACTION("satisfaction_rate", "满意率", "Satisfaction rate", Unit.RATE, true),
  INQUIRY_CONVERSION("inquiry_conversion_rate", "询单转化率", "Inquiry conversion", Unit.RATE, true),
  PAID_CONVERSION("paid_conversion_rate", "付款转化率", "Paid conversion", Unit.RATE, true),
  SALES("sales_amount", "客服销售额", "Sales", Unit.MONEY, true),
  AVG_ORDER_VALUE("avg_order_value", "客单价", "Avg order value", Unit.MONEY, true);

  public enum Unit { RATE, SECONDS, MONEY }

  /** The column of agent_daily, team_daily, agent_monthly, team_monthly and the group tables. */
  public final String column;
  public final String zh;
  public final String en;
  public final Unit unit;
  public final boolean higherIsBetter;

  Metric(String column, String zh, String en, Unit unit, boolean higherIsBetter) {
    this.column = column;
    this.zh = zh;
    this.en = en;
    this.unit = unit;
    this.higherIsBetter = higherIsBetter;
  }

  /** The metric's value in a row, or null when the row (or its value) is null. */
  public Double of(KpiRow row) {
    return row == null ? null : row.value(this);
  }

  /** Its key under {@code targets} in the configuration: the column with hyphens. */
  public String targetKey() {
    return column.replace('_', '-');
  }

  public String label(boolean chinese) {
    return chinese ? zh : en;
  }
}
