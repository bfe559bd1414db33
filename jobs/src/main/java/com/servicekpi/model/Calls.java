package com.servicekpi.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.minute;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.second;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import com.servicekpi.marts.Aggregates;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Spec §6: phone calls. Each usable call becomes one fact (answered, abandoned, short abandon, in
 * service level, speed of answer, handle time, its half hour); the queue tables count and sum the
 * facts per (date, queue), (month, queue) and (date, queue, interval), and divide last
 * ({@link com.servicekpi.marts.Queues}).
 */
public final class Calls {
  private static final double MICROS = 1_000_000.0;

  private Calls() {}

  /**
   * The calls settings of spec §6.
   *
   * @param shortAbandonMicros calls.short-abandon
   * @param serviceLevelMicros calls.service-level-threshold
   * @param intervalSeconds calls.interval
   * @param targetServiceLevel targets.service-level (null: no required agents)
   */
  public record Params(long shortAbandonMicros, long serviceLevelMicros, long intervalSeconds,
                       Double targetServiceLevel) implements java.io.Serializable {}

  /**
   * One row per usable call: date, month, interval (HH:mm), queue_id, agent_id, answered,
   * abandoned, short_abandoned, in_sl, speed_s (answered calls), handle_s (answered calls).
   */
  public static Dataset<Row> facts(Dataset<Row> calls, Params p) {
    Column offered = unix_micros(col("offered_at"));
    Column answered = col("answered_at").isNotNull();
    Column waited = unix_micros(col("answered_at")).minus(offered);
    Column lasted = unix_micros(col("ended_at")).minus(offered);
    Column shortAbandon = not(answered).and(lasted.lt(p.shortAbandonMicros()));
    // the interval's local start: seconds of the local day, floored to the interval
    Column secondOfDay = hour(col("offered_at")).multiply(3600).plus(minute(col("offered_at")).multiply(60))
        .plus(second(col("offered_at")));
    Column start = floor(secondOfDay.divide(p.intervalSeconds())).multiply(p.intervalSeconds());
    return calls.select(
        col("date"), Aggregates.month(col("date")).as("month"),
        format_string("%02d:%02d", floor(start.divide(3600)).cast(DataTypes.IntegerType),
            floor(start.mod(3600).divide(60)).cast(DataTypes.IntegerType)).as("interval"),
        col("queue_id"), col("agent_id"),
        answered.as("answered"), shortAbandon.as("short_abandoned"),
        not(answered).and(not(shortAbandon)).as("abandoned"),
        answered.and(waited.leq(p.serviceLevelMicros())).as("in_sl"),
        when(answered, waited.divide(MICROS)).as("speed_s"),
        when(answered, unix_micros(col("ended_at")).minus(unix_micros(col("answered_at"))).divide(MICROS)
            .plus(col("wrap_s"))).as("handle_s"));
  }

  /**
   * The answered calls with an agent as facts of the agent tables (spec §6.4): date, agent_id,
   * handle_s.
   */
  public static Dataset<Row> agentFacts(Dataset<Row> facts) {
    return facts.filter(col("answered").and(col("agent_id").isNotNull()))
        .select(col("date"), col("agent_id"), col("handle_s"));
  }

}
