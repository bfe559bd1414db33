package com.servicekpi.reports;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * Everything one PDF shows, already read from the KPI tables.
 *
 * @param teamId null for the overview (all teams), else the team of a team report
 * @param current the month's row of the team (or of {@code _all} in the overview)
 * @param previous the same row for the previous month, or null
 * @param daily the daily rows of the month per chart line, keyed by team id: every team in the
 *     overview, the team and {@code _all} in a team report (legend order)
 * @param teamOrder every team id of the month, sorted: a team's colour is its place in this list,
 *     so it is the same in every chart of every report of the month
 * @param agents the agent_monthly rows ranked in this report
 */
public record ReportInput(
    YearMonth month, String zone, String teamId, String teamName, KpiRow current, KpiRow previous,
    Map<String, List<KpiRow>> daily, List<String> teamOrder, List<KpiRow> agents, DataNote note) {

  /** The data note: what a reader should know about the data behind the figures. */
  public record DataNote(List<String> daysWithoutData, List<String> unassignedAgents,
                         Map<String, String> runFigures) {}
}
