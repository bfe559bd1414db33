package com.servicekpi.metrics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Spec §5: the KPI columns of every aggregate table, from reception facts and rating facts.
 *
 * <p>One function serves all four tables: the grain is the grouping key (date or month, agent or
 * team). Every metric is computed from sufficient statistics of the underlying facts (counts and
 * sums) and divided last, so a monthly rate is never an average of daily rates. Counts that the
 * spec makes "distinct buyers" at team level count distinct (date, buyer) pairs, which is also the
 * monthly sum of the daily distinct counts.
 */
public final class Aggregates {
  /** The metric columns, in the order the tables carry them. */
  public static final List<String> METRICS = List.of(
      "receptions", "replied", "response_rate", "answered_rounds", "rounds",
      "first_response_avg_s", "first_response_p50_s", "first_response_p90_s", "response_avg_s",
      "ratings", "satisfied", "dissatisfied", "satisfaction_rate",
      "inquiries", "ordered_buyers", "paid_buyers", "inquiry_conversion_rate", "paid_conversion_rate",
      "sales_amount", "avg_order_value");

  private Aggregates() {}

  /** The grain of a table: its grouping keys and the attributes taken from its latest date. */
  public record Grain(List<String> keys, List<String> attributes, boolean team) {}

  public static final Grain AGENT_DAILY = new Grain(
      List.of("date", "agent_id"), List.of("agent_name", "team_id", "team_name"), false);
  public static final Grain TEAM_DAILY = new Grain(List.of("date", "team_id"), List.of("team_name"), true);
  public static final Grain AGENT_MONTHLY = new Grain(
      List.of("month", "agent_id"), List.of("agent_name", "team_id", "team_name"), false);
  public static final Grain TEAM_MONTHLY = new Grain(List.of("month", "team_id"), List.of("team_name"), true);

  /**
   * @param facts reception facts and rating facts in one dataset (see {@link #facts}): date, month,
   *     agent_id, agent_name, team_id, team_name, buyer_id, is_rating, and for receptions rounds,
   *     answered_rounds, response_sum_s, replied, first_response_s, inquiry, ordered, paid,
   *     sales_amount; for ratings satisfied, dissatisfied
   * @return one row per key with a reception or a rating: keys, attributes, the metrics and, at
   *     team level, agents. An attribute is its value on the latest date of the key's facts.
   */
  public static Dataset<Row> aggregate(Dataset<Row> facts, Grain grain) {
    Column[] keys = grain.keys().stream().map(k -> col(k)).toArray(Column[]::new);
    Column reception = not(col("is_rating"));
    List<Column> stats = new ArrayList<>(List.of(
        count(when(reception, lit(1))).as("receptions"),
        count(when(col("replied"), lit(1))).as("replied"),
        sum("answered_rounds").as("answered_rounds"),
        sum("rounds").as("rounds"),
        sum("first_response_s").as("_fr_sum"),
        count("first_response_s").as("_fr_n"),
        expr("percentile(first_response_s, array(0.5, 0.9))").as("_fr_pct"),
        sum("response_sum_s").as("_resp_sum"),
        count(when(col("is_rating"), lit(1))).as("ratings"),
        count(when(col("satisfied"), lit(1))).as("satisfied"),
        count(when(col("dissatisfied"), lit(1))).as("dissatisfied"),
        buyers(grain, "inquiry").as("inquiries"),
        buyers(grain, "ordered").as("ordered_buyers"),
        buyers(grain, "paid").as("paid_buyers"),
        sum("sales_amount").cast(Conversion.MONEY).as("sales_amount"),
        attributes(grain).as("_attrs")));
    if (grain.team()) {
      // "agents with a reception that date"; over a month, the sum of the daily counts.
      stats.add(count_distinct(when(reception, struct(col("date"), col("agent_id")))).as("agents"));
    }
    Dataset<Row> g = facts.groupBy(keys).agg(stats.get(0), stats.subList(1, stats.size()).toArray(Column[]::new));

    List<Column> out = new ArrayList<>();
    for (String k : grain.keys()) {
      out.add(col(k));
    }
    for (String a : grain.attributes()) {
      out.add(col("_attrs").getField(a).as(a));
    }
    Column answered = zero("answered_rounds");
    Column inquiries = col("inquiries");
    Column paid = col("paid_buyers");
    Column sales = coalesce(col("sales_amount"), lit(0).cast(Conversion.MONEY));
    out.add(col("receptions"));
    out.add(col("replied"));
    out.add(ratio(col("replied"), col("receptions")).as("response_rate"));
    out.add(answered.as("answered_rounds"));
    out.add(zero("rounds").as("rounds"));
    out.add(ratio(col("_fr_sum"), col("_fr_n")).as("first_response_avg_s"));
    out.add(col("_fr_pct").getItem(0).as("first_response_p50_s"));
    out.add(col("_fr_pct").getItem(1).as("first_response_p90_s"));
    out.add(ratio(col("_resp_sum"), answered).as("response_avg_s"));
    out.add(col("ratings"));
    out.add(col("satisfied"));
    out.add(col("dissatisfied"));
    out.add(ratio(col("satisfied"), col("ratings")).as("satisfaction_rate"));
    out.add(inquiries);
    out.add(col("ordered_buyers"));
    out.add(paid);
    out.add(ratio(col("ordered_buyers"), inquiries).as("inquiry_conversion_rate"));
    out.add(ratio(paid, inquiries).as("paid_conversion_rate"));
    out.add(sales.as("sales_amount"));
    out.add(when(paid.gt(0), sales.divide(paid).cast(Conversion.MONEY)).as("avg_order_value"));
    if (grain.team()) {
      out.add(col("agents"));
    }
    return g.select(out.toArray(Column[]::new));
  }

  /** Reception facts and rating facts as one dataset, told apart by is_rating. */
  public static Dataset<Row> facts(Dataset<Row> receptions, Dataset<Row> ratings) {
    return receptions.withColumn("is_rating", lit(false))
        .unionByName(ratings.withColumn("is_rating", lit(true)), true);
  }

  /** The facts once per team and once more as team {@value Teams#ALL}: one pass gives both. */
  public static Dataset<Row> withAllTeams(Dataset<Row> facts) {
    return facts.unionByName(allTeams(facts));
  }

  /** Replaces team_id by {@value Teams#ALL} (and team_name by null): facts of all teams together. */
  public static Dataset<Row> allTeams(Dataset<Row> facts) {
    return facts.withColumn("team_id", lit(Teams.ALL)).withColumn("team_name", lit(null).cast(DataTypes.StringType));
  }

  private static Column buyers(Grain grain, String flag) {
    // At agent grain a reception is one (date, agent, buyer): a plain count is the distinct count.
    return grain.team()
        ? count_distinct(when(col(flag), struct(col("date"), col("buyer_id"))))
        : count(when(col(flag), lit(1)));
  }

  private static Column attributes(Grain grain) {
    List<Column> fields = new ArrayList<>();
    fields.add(col("date"));
    for (String a : grain.attributes()) {
      fields.add(col(a));
    }
    return max(struct(fields.toArray(Column[]::new)));
  }

  private static Column not(Column c) {
    return org.apache.spark.sql.functions.not(c);
  }

  private static Column zero(String column) {
    return coalesce(col(column), lit(0L));
  }

  /** numerator / denominator as a double; null when the denominator is 0 (spec §5). */
  static Column ratio(Column numerator, Column denominator) {
    return when(denominator.gt(0), numerator.cast(DataTypes.DoubleType).divide(denominator.cast(DataTypes.DoubleType)));
  }
}
