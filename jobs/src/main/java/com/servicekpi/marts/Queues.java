package com.servicekpi.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import com.servicekpi.marts.Aggregates;
import com.servicekpi.model.Calls;
import com.servicekpi.model.Teams;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Spec §6.3 and §6.5: the queue tables, counts and sums of the call facts ({@link Calls#facts}) per
 * (date, queue), (month, queue) and (date, queue, interval), divided last; and the agents an
 * interval needs to reach the target service level (Erlang C).
 */
public final class Queues {
  /** The queue that stands for all queues together in queue_daily and queue_monthly. */
  public static final String ALL = Teams.ALL;
  private static final double MICROS = 1_000_000.0;

  private Queues() {}

  /** The three queue tables. */
  public record Tables(Dataset<Row> queueDaily, Dataset<Row> queueMonthly, Dataset<Row> queueIntervals) {}

  /** Spec §6.3 and §6.5 from the facts. */
  public static Tables tables(Dataset<Row> facts, Calls.Params p) {
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

  /** required_agents of spec §6.5, from the offered load (Erlangs) and the interval's AHT. */
  static final class RequiredAgents implements UDF2<Double, Double, Long> {
    private final double thresholdS;
    private final Double target;

    RequiredAgents(Calls.Params p) {
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
