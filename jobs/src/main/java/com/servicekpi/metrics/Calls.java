package com.servicekpi.metrics;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.minute;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.second;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Spec §6: phone calls. Each usable call becomes one fact (answered, abandoned, short abandon, in
 * service level, speed of answer, handle time, its half hour); the queue tables count and sum the
 * facts per (date, queue), (month, queue) and (date, queue, interval), and divide last.
 */
public final class Calls {
  /** The queue that stands for all queues together in queue_daily and queue_monthly. */
  public static final String ALL = Teams.ALL;
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

  /** The three queue tables. */
  public record Tables(Dataset<Row> queueDaily, Dataset<Row> queueMonthly, Dataset<Row> queueIntervals) {}

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

  /** Spec §6.3 and §6.5 from the facts. */
  public static Tables tables(Dataset<Row> facts, Params p) {
    Dataset<Row> withAll = facts.unionByName(facts.withColumn("queue_id", lit(ALL)));
    Dataset<Row> daily = finish(withAll.groupBy("date", "queue_id").agg(first(), rest(true)), true, false);
    Dataset<Row> monthly = finish(withAll.groupBy("month", "queue_id").agg(first(), rest(true)), true, false);
    Dataset<Row> intervals = finish(facts.groupBy("date", "queue_id", "interval").agg(first(), rest(false)), false, true);
    UserDefinedFunction required = udf(new RequiredAgents(p), DataTypes.LongType);
    intervals = intervals.withColumn("required_agents", required.apply(
            col("offered").minus(col("short_abandoned")).cast(DataTypes.DoubleType).multiply(col("aht_s"))
                .divide(lit((double) p.intervalSeconds())),
            col("aht_s")));
    return new Tables(daily, monthly, intervals);
  }

  private static Column first() {
    return count(lit(1)).as("offered");
  }

  private static Column[] rest(boolean queueLevel) {
    List<Column> out = new ArrayList<>(List.of(
        count(when(col("answered"), lit(1))).as("answered"),
        count(when(col("abandoned"), lit(1))).as("abandoned"),
        count(when(col("short_abandoned"), lit(1))).as("short_abandoned"),
        count(when(col("in_sl"), lit(1))).as("answered_in_sl"),
        sum("speed_s").as("_speed_sum"),
        sum("handle_s").as("_handle_sum")));
    if (queueLevel) {
      out.add(percentile(col("speed_s"), lit(0.9)).as("answer_p90_s"));
      out.add(count_distinct(when(col("answered"), col("agent_id"))).as("agents"));
    }
    return out.toArray(Column[]::new);
  }

  /** Rates over offered minus short abandons, means over answered calls; null over 0. */
  private static Dataset<Row> finish(Dataset<Row> stats, boolean queueLevel, boolean interval) {
    Column base = col("offered").minus(col("short_abandoned"));
    List<Column> out = new ArrayList<>();
    out.add(col(stats.columns()[0]));
    out.add(col("queue_id"));
    if (interval) {
      out.add(col("interval"));
    }
    for (String c : List.of("offered", "answered", "abandoned", "short_abandoned", "answered_in_sl")) {
      out.add(col(c));
    }
    if (queueLevel) {
      out.add(Aggregates.ratio(col("answered"), base).as("answer_rate"));
      out.add(Aggregates.ratio(col("abandoned"), base).as("abandon_rate"));
    }
    out.add(Aggregates.ratio(col("answered_in_sl"), base).as("service_level"));
    out.add(Aggregates.ratio(col("_speed_sum"), col("answered")).as("asa_s"));
    if (queueLevel) {
      out.add(col("answer_p90_s").cast(DataTypes.DoubleType).as("answer_p90_s"));
    }
    out.add(Aggregates.ratio(col("_handle_sum"), col("answered")).as("aht_s"));
    if (queueLevel) {
      out.add(col("agents"));
    }
    return stats.select(out.toArray(Column[]::new));
  }

  /**
   * The answered calls with an agent as facts of the agent tables (spec §6.4): date, agent_id,
   * handle_s.
   */
  public static Dataset<Row> agentFacts(Dataset<Row> facts) {
    return facts.filter(col("answered").and(col("agent_id").isNotNull()))
        .select(col("date"), col("agent_id"), col("handle_s"));
  }

  /** required_agents of spec §6.5, from the offered load (Erlangs) and the interval's AHT. */
  static final class RequiredAgents implements UDF2<Double, Double, Long> {
    private final double thresholdS;
    private final Double target;

    RequiredAgents(Params p) {
      this.thresholdS = p.serviceLevelMicros() / MICROS;
      this.target = p.targetServiceLevel();
    }

    @Override
    public Long call(Double load, Double ahtS) {
      return requiredAgents(load, ahtS, thresholdS, target);
    }
  }

  /**
   * The smallest whole N > A whose Erlang C service level 1 − C(N, A)·exp(−(N − A)·T / aht) is at
   * least the target; null when aht is null or A is 0 (or the target is none, or not reachable).
   */
  public static Long requiredAgents(Double load, Double ahtS, double thresholdS, Double target) {
    if (load == null || ahtS == null || load <= 0 || target == null) {
      return null;
    }
    double a = load;
    long limit = (long) Math.floor(a) + 100_000;
    for (long n = (long) Math.floor(a) + 1; n <= limit; n++) {
      double level = 1 - erlangC(n, a) * Math.exp(-(n - a) * thresholdS / ahtS);
      if (level >= target) {
        return n;
      }
    }
    return null;
  }

  /**
   * Erlang C, the probability that a call waits, for N > A agents: from Erlang B by its recursion
   * B(k) = A·B(k−1) / (k + A·B(k−1)), which never forms A^N or N!, and C = N·B / (N − A·(1 − B)).
   */
  public static double erlangC(long n, double a) {
    double b = 1.0;
    for (long k = 1; k <= n; k++) {
      b = a * b / (k + a * b);
    }
    return n * b / (n - a * (1 - b));
  }
}
