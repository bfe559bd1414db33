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
 * @param phone the phone pages' data (spec §6), or null when the month has no calls
 * @param insights the team-lead pages' data (spec §8-§10), or null
 * @param teams the month's team_monthly rows of every team, {@code _all} last (the overview's team
 *     comparison); empty in a team report
 * @param coverage which dates of the month (and of the previous month) have data
 * @param previousAgents the previous month's agent_monthly rows of the agents ranked here
 */
public record ReportInput(
    YearMonth month, String zone, String teamId, String teamName, KpiRow current, KpiRow previous,
    Map<String, List<KpiRow>> daily, List<String> teamOrder, List<KpiRow> agents, DataNote note, PhoneInput phone,
    InsightsInput insights, List<KpiRow> teams, Coverage coverage, List<KpiRow> previousAgents) {

  /** A report without phone pages. */
  public ReportInput(YearMonth month, String zone, String teamId, String teamName, KpiRow current, KpiRow previous,
                     Map<String, List<KpiRow>> daily, List<String> teamOrder, List<KpiRow> agents, DataNote note) {
    this(month, zone, teamId, teamName, current, previous, daily, teamOrder, agents, note, null, null, List.of(),
        Coverage.WHOLE, List.of());
  }

  /**
   * The dates of a month with data: the first and the last (null when none), how many, and
   * whether the previous month's data covered it whole. A month is partial when its data starts
   * after its first day or ends before its last: its changes against another month are not
   * comparable, and every page says so.
   */
  public record Coverage(String first, String last, int days, int monthDays, boolean previousPartial) {
    /** A month with data on every date, after a month with data on every date. */
    public static final Coverage WHOLE = new Coverage(null, null, 0, 0, false);

    public boolean partial() {
      if (first == null) {
        return false;
      }
      java.time.YearMonth m = java.time.YearMonth.parse(first.substring(0, 7));
      return !first.equals(m.atDay(1).toString()) || !last.equals(m.atEndOfMonth().toString());
    }

    /** Whether a change against the previous month means anything. */
    public boolean comparable() {
      return !partial() && !previousPartial;
    }
  }

  /** The data note: what a reader should know about the data behind the figures. */
  public record DataNote(List<String> daysWithoutData, List<String> unassignedAgents,
                         Map<String, String> runFigures) {}
}
