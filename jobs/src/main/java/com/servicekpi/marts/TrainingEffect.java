package com.servicekpi.marts;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Spec §9: the effect of a training session (培训前后对比) as a difference in differences: the
 * trained agents' change from the N dates before the session to the N dates after it, minus the
 * change of the other agents of their teams over the same windows.
 */
public final class TrainingEffect {
  static final String TRAINED = "trained";
  static final String COMPARISON = "comparison";

  /** A metric as the ratio of two sums of agent-day statistics. */
  record Metric(String name, String numerator, String denominator) {}

  static final List<Metric> METRICS = List.of(
      new Metric(com.servicekpi.reports.Metric.RESPONSE_RATE.column, "replied", "receptions"),
      new Metric(com.servicekpi.reports.Metric.FIRST_RESPONSE_AVG.column, "_fr_sum", "_fr_n"),
      new Metric(com.servicekpi.reports.Metric.SATISFACTION.column, "satisfied", "ratings"),
      new Metric(com.servicekpi.reports.Metric.INQUIRY_CONVERSION.column, "ordered_buyers", "inquiries"));

  private TrainingEffect() {}

  /**
   * @param trainings usable trainings rows: training_id, training_name, agent_id, trained_on
   * @param agentDays agent-day statistics: date, agent_id and the metrics' sums
   * @param roster usable roster rows: who is in which team on a session's date
   * @param windowDays training.window-days (N)
   * @param lastDate the last date of the input: a session whose after window reaches past it is
   *     not complete
   * @return training_id, training_name, trained_on, metric, trained_agents, comparison_agents,
   *     trained_before, trained_after, comparison_before, comparison_after, effect, complete
   */
  public static Dataset<Row> of(Dataset<Row> trainings, Dataset<Row> agentDays, Dataset<Row> roster, int windowDays,
                                LocalDate lastDate) {
    Dataset<Row> trained = trainings.select("training_id", "trained_on", "agent_id").distinct();
    Dataset<Row> names = trainings.groupBy("training_id").agg(max("training_name").as("training_name"));

    // the trained agents' teams on the session's date, and everybody in those teams that date
    Column validOn = col("trained_on").geq(col("valid_from"))
        .and(col("valid_to").isNull().or(col("trained_on").lt(col("valid_to"))));
    Dataset<Row> teams = trained.join(broadcast(roster.select("agent_id", "team_id", "valid_from", "valid_to")),
            List.of("agent_id").stream().collect(scalaSeq()), "inner")
        .filter(validOn).select("training_id", "trained_on", "team_id").distinct();
    Dataset<Row> colleagues = teams.join(broadcast(roster.select(col("agent_id"), col("team_id"),
            col("valid_from"), col("valid_to"))), List.of("team_id").stream().collect(scalaSeq()), "inner")
        .filter(validOn).select("training_id", "trained_on", "agent_id").distinct();
    // not trained in a session of the same training within N days (the session itself included)
    Dataset<Row> near = trained.select(col("training_id").as("_t_id"), col("trained_on").as("_t_on"),
        col("agent_id").as("_t_agent"));
    Dataset<Row> comparison = colleagues.join(near, col("training_id").equalTo(col("_t_id"))
            .and(col("agent_id").equalTo(col("_t_agent")))
            .and(abs(datediff(col("trained_on"), col("_t_on"))).leq(windowDays)), "left_anti");

    Dataset<Row> cohorts = trained.withColumn("cohort", lit(TRAINED))
        .unionByName(comparison.withColumn("cohort", lit(COMPARISON)));

    // each cohort member's agent-days in the two windows
    List<Column> stats = new ArrayList<>();
    for (Metric m : METRICS) {
      stats.add(col(m.numerator()));
      stats.add(col(m.denominator()));
    }
    Dataset<Row> days = agentDays.select(concatCols(col("agent_id").as("_d_agent"), col("date"), stats));
    Column offset = datediff(col("date"), col("trained_on"));
    Dataset<Row> inWindows = cohorts.join(days, col("agent_id").equalTo(col("_d_agent")))
        .withColumn("window", when(offset.between(-windowDays, -1), lit("before"))
            .when(offset.between(1, windowDays), lit("after")))
        .filter(col("window").isNotNull());

    // an agent takes part only with at least one agent-day in each window
    Dataset<Row> taking = inWindows.groupBy("training_id", "trained_on", "cohort", "agent_id")
        .agg(count(when(col("window").equalTo("before"), lit(1))).as("_b"),
            count(when(col("window").equalTo("after"), lit(1))).as("_a"))
        .filter(col("_b").gt(0).and(col("_a").gt(0)))
        .select("training_id", "trained_on", "cohort", "agent_id");
    List<Column> sums = new ArrayList<>();
    for (String w : List.of("before", "after")) {
      for (Metric m : METRICS) {
        sums.add(sum(when(col("window").equalTo(w), col(m.numerator()))).as(w + "_" + m.name() + "_n"));
        sums.add(sum(when(col("window").equalTo(w), col(m.denominator()))).as(w + "_" + m.name() + "_d"));
      }
    }
    sums.add(count_distinct(col("agent_id")).as("agents"));
    Dataset<Row> perCohort = inWindows.join(taking, List.of("training_id", "trained_on", "cohort", "agent_id")
            .stream().collect(scalaSeq()), "inner")
        .groupBy("training_id", "trained_on", "cohort")
        .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new));

    Dataset<Row> t = perCohort.filter(col("cohort").equalTo(TRAINED)).drop("cohort");
    Dataset<Row> c = perCohort.filter(col("cohort").equalTo(COMPARISON)).drop("cohort");
    for (String name : c.columns()) {
      if (!name.equals("training_id") && !name.equals("trained_on")) {
        c = c.withColumnRenamed(name, "c_" + name);
      }
    }
    // a session none of whose trained agents takes part gets no rows: the trained side leads
    Dataset<Row> both = t.join(c, List.of("training_id", "trained_on").stream().collect(scalaSeq()), "left")
        .join(broadcast(names), List.of("training_id").stream().collect(scalaSeq()), "left");
    // the four metrics' rows of a session come from one pass over its row (an array exploded),
    // so the cohorts' joins and aggregates are planned and run once, not once per metric
    List<Column> perMetric = new ArrayList<>();
    for (Metric m : METRICS) {
      Column tb = value("before_" + m.name(), "");
      Column ta = value("after_" + m.name(), "");
      Column cb = value("before_" + m.name(), "c_");
      Column ca = value("after_" + m.name(), "c_");
      perMetric.add(struct(lit(m.name()).as("metric"), tb.as("trained_before"), ta.as("trained_after"),
          cb.as("comparison_before"), ca.as("comparison_after"), ta.minus(tb).minus(ca.minus(cb)).as("effect")));
    }
    return both.select(col("training_id"), col("training_name"), col("trained_on"),
            col("agents").as("trained_agents"),
            org.apache.spark.sql.functions.coalesce(col("c_agents"), lit(0L)).as("comparison_agents"),
            date_add(col("trained_on"), windowDays).leq(lit(lastDate)).as("complete"),
            explode(array(perMetric.toArray(Column[]::new))).as("_m"))
        .select(col("training_id"), col("training_name"), col("trained_on"), col("_m.metric").as("metric"),
            col("trained_agents"), col("comparison_agents"), col("_m.trained_before").as("trained_before"),
            col("_m.trained_after").as("trained_after"), col("_m.comparison_before").as("comparison_before"),
            col("_m.comparison_after").as("comparison_after"), col("_m.effect").as("effect"), col("complete"));
  }

  /** A cohort's value in a window: the ratio of its sums, null over 0 (or with no cohort). */
  private static Column value(String prefix, String side) {
    Column d = col(side + prefix + "_d");
    return when(d.gt(0), col(side + prefix + "_n").cast(DataTypes.DoubleType).divide(d.cast(DataTypes.DoubleType)));
  }

  private static Column[] concatCols(Column a, Column b, List<Column> rest) {
    List<Column> out = new ArrayList<>(List.of(a, b));
    out.addAll(rest);
    return out.toArray(Column[]::new);
  }

  private static java.util.stream.Collector<String, ?, scala.collection.immutable.Seq<String>> scalaSeq() {
    return java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(),
        l -> scala.jdk.javaapi.CollectionConverters.asScala(l).toSeq());
  }
}
