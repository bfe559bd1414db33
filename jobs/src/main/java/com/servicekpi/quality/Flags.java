package com.servicekpi.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.servicekpi.marts.Measures;
import com.servicekpi.model.Teams;
import com.servicekpi.reports.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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
  record Outlier(String metric, String denominator) {
    /** The metric, with the denominator of its ratio in the table catalogue. */
    static Outlier of(Metric metric) {
      return new Outlier(metric.column, Measures.column(metric.column).denominator());
    }
  }

  static final List<Outlier> OUTLIERS = List.of(Outlier.of(Metric.RESPONSE_RATE),
      Outlier.of(Metric.FIRST_RESPONSE_AVG), Outlier.of(Metric.SATISFACTION), Outlier.of(Metric.INQUIRY_CONVERSION));

  /** The columns of agent_flags. */
  static final StructType SCHEMA = new StructType()
      .add("date", DataTypes.DateType).add("agent_id", DataTypes.StringType).add("agent_name", DataTypes.StringType)
      .add("team_id", DataTypes.StringType).add("flag", DataTypes.StringType).add("metric", DataTypes.StringType)
      .add("value", DataTypes.DoubleType).add("reference", DataTypes.DoubleType);

  /**
   * The rules are checked per team-day, in one pass: the agent-days that can break a rule (enough
   * receptions, first responses, ratings or inquiries) are grouped by (date, team), and each group
   * is checked in memory, where a median is a sort of a few values. Spark's percentile aggregates
   * and joins took 60 jobs for the same (19 s of a 45 s run on the bundled samples).
   *
   * @param agentDaily agent_daily rows with {@code _fr_n}, the count of first responses (replied
   *     receptions whose first round was answered)
   * @return date, agent_id, agent_name, team_id, flag, metric, value, reference
   */
  public static Dataset<Row> of(Dataset<Row> agentDaily, Params p) {
    long min = p.minReceptions();
    List<Column> selected = new ArrayList<>(List.of(col("date"), col("agent_id"), col("agent_name"), col("team_id"),
        col("receptions"), col("replied"), col("first_response_p50_s")));
    OUTLIERS.forEach(o -> selected.add(col(o.metric())));
    OUTLIERS.forEach(o -> selected.add(col(o.denominator())));
    Column enough = lit(false);
    for (Outlier o : OUTLIERS) {
      enough = enough.or(col(o.denominator()).geq(min));
    }
    Dataset<Row> candidates = agentDaily.select(selected.toArray(Column[]::new)).filter(enough);
    return candidates
        .groupByKey((MapFunction<Row, String>) r -> r.get(0) + "|" + r.getString(3), Encoders.STRING())
        .flatMapGroups(new TeamDay(p), Encoders.row(SCHEMA));
  }

  /** The flags of one team-day's candidate rows (columns as selected in {@link #of}). */
  static final class TeamDay implements FlatMapGroupsFunction<String, Row, Row> {
    private static final int METRIC = 7; // the four outlier metrics, then their denominators
    private final Params p;

    TeamDay(Params p) {
      this.p = p;
    }

    @Override
    public Iterator<Row> call(String key, Iterator<Row> rows) {
      List<Row> day = new ArrayList<>();
      rows.forEachRemaining(day::add);
      List<Row> out = new ArrayList<>();
      for (Row r : day) {
        boolean enough = r.getLong(4) >= p.minReceptions();
        if (enough && !r.isNullAt(6) && r.getDouble(6) < p.tooFastS()) {
          out.add(flag(r, "too_fast", "first_response_p50_s", r.getDouble(6), p.tooFastS()));
        }
        if (enough && r.getLong(5) == 0) {
          out.add(flag(r, "no_replies", "response_rate", r.isNullAt(7) ? null : r.getDouble(7), 0.0));
        }
      }
      if (Teams.UNASSIGNED.equals(day.get(0).getString(3))) {
        return out.iterator();
      }
      for (int m = 0; m < OUTLIERS.size(); m++) {
        List<Row> peers = new ArrayList<>();
        for (Row r : day) {
          long denominator = r.getLong(METRIC + OUTLIERS.size() + m);
          if (denominator >= p.minReceptions() && !r.isNullAt(METRIC + m)) {
            peers.add(r);
          }
        }
        if (peers.size() < MIN_PEERS) {
          continue;
        }
        double[] values = new double[peers.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = peers.get(i).getDouble(METRIC + m);
        }
        double median = median(values);
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
          deviations[i] = Math.abs(values[i] - median);
        }
        double mad = median(deviations);
        if (mad <= 0) {
          continue;
        }
        for (int i = 0; i < values.length; i++) {
          if (deviations[i] / (MAD_SCALE * mad) > p.robustZ()) {
            out.add(flag(peers.get(i), values[i] > median ? "outlier_high" : "outlier_low", OUTLIERS.get(m).metric(),
                values[i], median));
          }
        }
      }
      return out.iterator();
    }

    private static Row flag(Row r, String flag, String metric, Double value, Double reference) {
      return RowFactory.create(r.get(0), r.getString(1), r.getString(2), r.getString(3), flag, metric, value, reference);
    }
  }

  /** The median: the middle value, or the mean of the two middle values of an even count. */
  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
