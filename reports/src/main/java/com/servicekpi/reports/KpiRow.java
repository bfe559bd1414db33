package com.servicekpi.reports;

import java.math.BigDecimal;

/**
 * One row of a KPI table as the reports need it: a period (a date YYYY-MM-DD or a month
 * YYYY-MM), a team or an agent, and the metrics. Nullable metrics are null when the table has null.
 */
public record KpiRow(
    String period, String teamId, String teamName, String agentId, String agentName,
    long receptions, Double responseRate, Double firstResponseAvg, Double firstResponseP90,
    Double responseAvg, long ratings, Double satisfactionRate, Double inquiryConversion,
    Double paidConversion, BigDecimal sales, BigDecimal avgOrderValue) {}
