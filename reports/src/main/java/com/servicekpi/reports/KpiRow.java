package com.servicekpi.reports;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One row of a KPI table as the reports need it: a period (a date YYYY-MM-DD or a month
 * YYYY-MM), a team or an agent, the counts a page shows beside a rate, the sales as exact money,
 * and the value of every {@link Metric} (null when the table has null). A new Metric needs no
 * change here: the readers fill {@code values} from the Metric's column.
 */
public record KpiRow(String period, String teamId, String teamName, String agentId, String agentName,
                     long receptions, long ratings, BigDecimal sales, Map<Metric, Double> values) {
  public KpiRow {
    EnumMap<Metric, Double> copy = new EnumMap<>(Metric.class);
    copy.putAll(values);
    values = Collections.unmodifiableMap(copy);
  }

  /** The metric's value, or null. */
  public Double value(Metric m) {
    return values.get(m);
  }

  public Double responseRate() {
    return value(Metric.RESPONSE_RATE);
  }

  public Double firstResponseAvg() {
    return value(Metric.FIRST_RESPONSE_AVG);
  }

  public Double firstResponseP90() {
    return value(Metric.FIRST_RESPONSE_P90);
  }

  public Double satisfactionRate() {
    return value(Metric.SATISFACTION);
  }

  public Double inquiryConversion() {
    return value(Metric.INQUIRY_CONVERSION);
  }
}
