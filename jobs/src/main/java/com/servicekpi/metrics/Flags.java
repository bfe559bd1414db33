package com.servicekpi.metrics;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Spec §10: unusual agent-days (不合常理的现象), one row per rule an agent_daily row breaks: too
 * fast a median first response, no replies at all, and robust outliers (median and median
 * absolute deviation) among the agents of the same team that date.
 */
public final class Flags {
  /** The MAD of a normal distribution is 1/1.4826 of its standard deviation. */
  static final double MAD_SCALE = 1.4826;
  /** Fewer agents than this in a team-day: no outliers. */
  static final int MIN_PEERS = 5;

  private Flags() {}

  /**
   * flags.min-receptions, flags.too-fast-s, flags.robust-z.
   */
  public record Params(long minReceptions, double tooFastS, double robustZ) implements java.io.Serializable {}

  /** The four metrics held against the team, each with its denominator (spec §10). */
  record Outlier(String metric, String denominator) {}

  static final List<Outlier> OUTLIERS = List.of(
      new Outlier("response_rate", "receptions"),
      new Outlier("first_response_avg_s", "_fr_n"),
      new Outlier("satisfaction_rate", "ratings"),
      new Outlier("inquiry_conversion_rate", "inquiries"));

  /**
   * @param agentDaily agent_daily rows with {@code _fr_n}, the count of first responses (replied
   *     receptions whose first round was answered)
   * @return date, agent_id, agent_name, team_id, flag, metric, value, reference
   */
  public static Dataset<Row> of(Dataset<Row> agentDaily, Params p) {
    Column enough = col("receptions").geq(p.minReceptions());
    List<Dataset<Row>> parts = new ArrayList<>();
    parts.add(flag(agentDaily.filter(enough.and(col("first_response_p50_s").lt(p.tooFastS()))),
        "too_fast", "first_response_p50_s", col("first_response_p50_s"), lit(p.tooFastS())));
    parts.add(flag(agentDaily.filter(enough.and(col("replied").equalTo(0))),
        "no_replies", "response_rate", col("response_rate"), lit(0.0)));
    Dataset<Row> peers = agentDaily.filter(col("team_id").notEqual(Teams.UNASSIGNED));
    for (Outlier o : OUTLIERS) {
      parts.add(outliers(peers, o, p));
    }
    Dataset<Row> out = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      out = out.unionByName(parts.get(i));
    }
    return out;
  }

  /**
   * The agents of a team-day whose value is more than robust-z scaled MADs from the median of
   * the team-day's agents with a large enough denominator, when there are at least
   * {@value #MIN_PEERS} of them and the MAD is above 0.
   */
  private static Dataset<Row> outliers(Dataset<Row> peers, Outlier o, Params p) {
    Dataset<Row> eligible = peers.filter(col(o.denominator()).geq(p.minReceptions()).and(col(o.metric()).isNotNull()))
        .withColumn("_v", col(o.metric()).cast(DataTypes.DoubleType));
    Dataset<Row> medians = eligible.groupBy(col("date").as("_m_date"), col("team_id").as("_m_team"))
        .agg(count(lit(1)).as("_n"), percentile(col("_v"), lit(0.5)).as("_m"))
        .filter(col("_n").geq(MIN_PEERS));
    Column sameTeamDay = col("date").equalTo(col("_m_date")).and(col("team_id").equalTo(col("_m_team")));
    Dataset<Row> deviations = eligible.join(medians, sameTeamDay).withColumn("_dev", abs(col("_v").minus(col("_m"))));
    Dataset<Row> mads = deviations.groupBy(col("_m_date").as("_d_date"), col("_m_team").as("_d_team"))
        .agg(percentile(col("_dev"), lit(0.5)).as("_mad"));
    Dataset<Row> far = deviations.join(mads, col("_m_date").equalTo(col("_d_date")).and(col("_m_team").equalTo(col("_d_team"))))
        .filter(col("_mad").gt(0).and(col("_dev").divide(col("_mad").multiply(MAD_SCALE)).gt(p.robustZ())));
    Column flag = when(col("_v").gt(col("_m")), lit("outlier_high")).otherwise(lit("outlier_low"));
    return far.select(col("date"), col("agent_id"), col("agent_name"), col("team_id"), flag.as("flag"),
        lit(o.metric()).as("metric"), col("_v").as("value"), col("_m").cast(DataTypes.DoubleType).as("reference"));
  }

  private static Dataset<Row> flag(Dataset<Row> rows, String flag, String metric, Column value, Column reference) {
    return rows.select(col("date"), col("agent_id"), col("agent_name"), col("team_id"), lit(flag).as("flag"),
        lit(metric).as("metric"), value.cast(DataTypes.DoubleType).as("value"),
        reference.cast(DataTypes.DoubleType).as("reference"));
  }
}
