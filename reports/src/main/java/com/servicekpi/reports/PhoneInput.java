package com.servicekpi.reports;

import java.util.List;
import java.util.Map;

/**
 * What the phone pages of a monthly review show (spec §6), already read from the queue tables and
 * agent_monthly. Null in a {@link ReportInput} when the month has no calls.
 *
 * @param current the month's row of queue {@code _all}
 * @param previous the previous month's row of queue {@code _all}, or null
 * @param daily the month's queue_daily rows per queue (legend order, {@code _all} first)
 * @param heat the month's intervals summed per weekday and interval
 * @param agents the agents who answered calls this month, most calls first
 */
public record PhoneInput(QueueRow current, QueueRow previous, Map<String, List<QueueRow>> daily, List<HeatCell> heat,
                         List<PhoneAgent> agents) {

  /** A row of queue_daily or queue_monthly. */
  public record QueueRow(String period, String queueId, long offered, long answered, long abandoned,
                         long shortAbandoned, Double answerRate, Double serviceLevel, Double asa, Double abandonRate,
                         Double aht) {}

  /**
   * One weekday (1 = Monday) and interval of the month: offered calls, the calls that count for
   * the service level (offered less short abandons), those answered in it, and the sum of the
   * required agents over the dates that had calls in it.
   */
  public record HeatCell(int weekday, String interval, long offered, long base, long inServiceLevel,
                         long requiredAgentsSum, int dates) {
    /** The service level of the cell, or null without a call that counts. */
    public Double serviceLevel() {
      return base == 0 ? null : (double) inServiceLevel / base;
    }
  }

  /** An agent's month on the phone, from agent_monthly. */
  public record PhoneAgent(String agentId, String agentName, String teamId, String teamName, long answered,
                           Double aht, long ratings, Double satisfaction) {}
}
