package com.servicekpi.marts;

import java.util.Arrays;
import java.util.List;

/**
 * Every table a run writes (spec §5, §6.3, §8-§10), declared once: its folder under the output
 * root and the column it is partitioned by. The order is the order of the writes; a run whose
 * input has no calls, groups or trainings leaves their tables out ({@link KpiPipeline.Tables#outputs}).
 */
public enum OutputTable {
  AGENT_DAILY("agent_daily", "date"),
  RECEPTIONS("receptions", "date"),
  TEAM_DAILY("team_daily", "date"),
  AGENT_MONTHLY("agent_monthly", "month"),
  TEAM_MONTHLY("team_monthly", "month"),
  QUEUE_DAILY("queue_daily", "date"),
  QUEUE_INTERVALS("queue_intervals", "date"),
  QUEUE_MONTHLY("queue_monthly", "month"),
  GROUP_DAILY("group_daily", "date"),
  GROUP_MONTHLY("group_monthly", "month"),
  AGENT_FLAGS("agent_flags", "date"),
  /** Not partitioned: its rows reach across dates and months (docs/spec-readings.md §9). */
  TRAINING_EFFECT("training_effect", null);

  /** The folder under the output root, as the spec names the table. */
  public final String table;
  /** "date", "month", or null for a table written whole. */
  public final String partition;

  OutputTable(String table, String partition) {
    this.table = table;
    this.partition = partition;
  }

  /** The folder names of every table, in the order of the writes. */
  public static List<String> names() {
    return Arrays.stream(values()).map(t -> t.table).toList();
  }

  @Override
  public String toString() {
    return table;
  }
}
