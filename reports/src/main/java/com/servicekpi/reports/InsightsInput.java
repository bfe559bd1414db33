package com.servicekpi.reports;

import java.util.List;

/**
 * What the team-lead pages of a monthly review show (spec §8-§10), read from group_monthly,
 * training_effect and agent_flags. Each list is empty when the month has none: its page is left out.
 *
 * @param groups the month's group_monthly rows (agent_id and agent_name null, team_id the group)
 * @param groupAgents the head count of each group, in the order of {@code groups}
 * @param groupDaily the month's group_daily rows per group id (for the groups' daily trends)
 * @param trainings the rows of training_effect whose session is in the month
 * @param flags the month's agent_flags rows, by agent then date
 */
public record InsightsInput(List<KpiRow> groups, List<Long> groupAgents, java.util.Map<String, List<KpiRow>> groupDaily,
                            List<Effect> trainings, List<Flag> flags) {

  /** A row of training_effect. */
  public record Effect(String trainingId, String trainingName, String trainedOn, String metric, long trainedAgents,
                       long comparisonAgents, Double trainedBefore, Double trainedAfter, Double comparisonBefore,
                       Double comparisonAfter, Double effect, boolean complete) {}

  /** A row of agent_flags. */
  public record Flag(String date, String agentId, String agentName, String teamId, String flag, String metric,
                     Double value, Double reference) {}

  public boolean isEmpty() {
    return groups.isEmpty() && trainings.isEmpty() && flags.isEmpty();
  }
}
