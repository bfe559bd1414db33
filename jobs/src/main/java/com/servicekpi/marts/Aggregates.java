package com.servicekpi.marts;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.servicekpi.model.Teams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Spec §5: the four aggregate tables, from reception facts and rating facts. Which statistics
 * and columns they carry, and how each is computed and added up, is declared in {@link Measures};
 * this class does the aggregations.
 *
 * <p>Everything is built from sufficient statistics (counts and sums) and divided last, so a
 * monthly or team rate is never an average of rates:
 * <ol>
 *   <li>one aggregation of the facts per (date, agent) gives the agent-day statistics, from which
 *       agent_daily is finished;
 *   <li>the agent-day statistics summed per (date, team), and per date for {@value Teams#ALL}, give
 *       the team-day statistics; the spec's distinct-buyer counts of a team come from one row per
 *       (date, team, buyer) of its inquiries; the team's agents are its agent-day rows with a
 *       reception;
 *   <li>the monthly tables sum the daily statistics of their month (spec: every monthly count is
 *       the sum of the daily counts);
 *   <li>the percentiles, which no sum gives: for the agent tables from one sort of the first
 *       response times by (agent, date) ({@link AgentPercentiles}), for the team tables from one
 *       sort of the distinct first response times of each (table, period, team) with their counts.
 * </ol>
 */
public final class Aggregates {
  /** Statistics that add up from agents to teams and from days to months. */
  private static final List<String> SUMMED = Measures.summed();
  /** Counts of buyers: summed from agents at agent level, counted distinct at team level. */
  private static final List<String> BUYERS = Measures.buyers();

  private static final String AGENT_DAILY = OutputTable.AGENT_DAILY.table;
  private static final String AGENT_MONTHLY = OutputTable.AGENT_MONTHLY.table;
  private static final String TEAM_DAILY = OutputTable.TEAM_DAILY.table;
  private static final String TEAM_MONTHLY = OutputTable.TEAM_MONTHLY.table;

  private Aggregates() {}

  /** The four aggregate tables of spec §5. */
  public record Tables(Dataset<Row> agentDaily, Dataset<Row> teamDaily, Dataset<Row> agentMonthly,
                       Dataset<Row> teamMonthly, Dataset<Row> groupDaily, Dataset<Row> groupMonthly,
                       Dataset<Row> agentDays) {}

  /**
   * @param receptions reception facts: date, month, agent_id, agent_name, team_id, team_name,
   *     buyer_id, rounds, answered_rounds, response_sum_s, replied, first_response_s, inquiry,
   *     ordered, paid, sales_amount
   * @param ratings counted ratings: date, agent_id, satisfied, dissatisfied
   * @param calls answered calls with an agent ({@link Calls#agentFacts}): date, agent_id, handle_s
   * @param roster the usable roster rows, which give an agent-day its name and team
   *     ({@link Teams#assign})
   * @return one row per key with a reception, a rating or an answered call. An attribute (name,
   *     team) is its value on the latest date of the key's facts.
   */
  public static Tables of(Dataset<Row> receptions, Dataset<Row> ratings, Dataset<Row> calls, Dataset<Row> roster) {
    return of(receptions, ratings, calls, roster, null);
  }

  /**
   * As above, with the group tables of spec §8 when {@code groups} (usable groups rows: group_id,
   * group_name, agent_id, valid_from, valid_to) is not null.
   */
  public static Tables of(Dataset<Row> receptions, Dataset<Row> ratings, Dataset<Row> calls, Dataset<Row> roster,
                          Dataset<Row> groups) {
    Dataset<Row> agentDays = agentDays(receptions, ratings, calls, roster).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> teamDays = teamDays(agentDays, receptions).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> pct = percentiles(receptions).persist(StorageLevel.MEMORY_AND_DISK());

    // An agent-month's name and team are those of its latest agent-day: that date's roster row,
    // looked up after a hash aggregation (the latest of text values would sort every agent-day).
    Dataset<Row> agentMonths = Teams.assign(agentDays.groupBy("month", "agent_id")
            .agg(max(col("date")).as("date"), sums(SUMMED, BUYERS)), roster)
        .select(columns(List.of("month", "agent_id", "agent_name", "team_id", "team_name"), SUMMED, BUYERS));
    Dataset<Row> teamMonths = teamMonths(agentDays, teamDays);

    Dataset<Row> groupDaily = null;
    Dataset<Row> groupMonthly = null;
    if (groups != null) {
      Dataset<Row>[] g = groups(agentDays, receptions, groups);
      groupDaily = g[0];
      groupMonthly = g[1];
    }
    return new Tables(
        finish(agentDays, pct, AGENT_DAILY, "date", "agent_id", List.of("agent_name", "team_id", "team_name"), false),
        finish(teamDays, pct, TEAM_DAILY, "date", "team_id", List.of("team_name"), true),
        finish(agentMonths, pct, AGENT_MONTHLY, "month", "agent_id", List.of("agent_name", "team_id", "team_name"), false),
        finish(teamMonths, pct, TEAM_MONTHLY, "month", "team_id", List.of("team_name"), true),
        groupDaily, groupMonthly, agentDays);
  }

  /**
   * Spec §8: group_daily and group_monthly, computed exactly as the team tables over the members'
   * rows. Each agent-day and each reception is copied once per group the agent is a member of that
   * date, with the group in the team's place; the team computation then gives sums, distinct
   * buyers over the members' inquiries, percentiles over the members' receptions and the head
   * count. No {@value Teams#ALL} row.
   */
  @SuppressWarnings("unchecked")
  static Dataset<Row>[] groups(Dataset<Row> agentDays, Dataset<Row> receptions, Dataset<Row> groups) {
    Dataset<Row> members = broadcast(groups.select(col("group_id").as("_g_id"), col("group_name").as("_g_name"),
        col("agent_id").as("_g_agent"), col("valid_from").as("_g_from"), col("valid_to").as("_g_to")));
    Column member = col("agent_id").equalTo(col("_g_agent")).and(col("date").geq(col("_g_from")))
        .and(col("_g_to").isNull().or(col("date").lt(col("_g_to"))));
    java.util.function.UnaryOperator<Dataset<Row>> asGroups = rows -> rows.join(members, member)
        .withColumn("team_id", col("_g_id")).withColumn("team_name", col("_g_name"))
        .drop("_g_id", "_g_name", "_g_agent", "_g_from", "_g_to");
    Dataset<Row> memberDays = asGroups.apply(agentDays);
    Dataset<Row> memberReceptions = asGroups.apply(receptions);
    Column notAll = col("team_id").notEqual(Teams.ALL);
    Dataset<Row> days = teamDays(memberDays, memberReceptions).filter(notAll).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> months = teamMonths(memberDays, days).filter(notAll);
    Dataset<Row> answered = memberReceptions.filter(col("first_response_s").isNotNull());
    Dataset<Row> pct = percentiles(teamValues(answered), List.of("table", "period", "id"), "v", "w", 0.5, 0.9)
        .filter(col("id").notEqual(Teams.ALL));
    UnaryOperator<Dataset<Row>> named = t -> t.withColumnRenamed("team_id", "group_id")
        .withColumnRenamed("team_name", "group_name");
    return new Dataset[] {
        named.apply(finish(days, pct, TEAM_DAILY, "date", "team_id", List.of("team_name"), true)),
        named.apply(finish(months, pct, TEAM_MONTHLY, "month", "team_id", List.of("team_name"), true))};
  }

  /**
   * Statistics per (date, agent): the only pass over the facts besides the buyers and
   * percentiles. An agent's name and team on a date come from the one roster row valid that date
   * ({@link Teams#assign}), so they are looked up once per agent-day after the aggregation rather
   * than carried by every fact: the aggregation's keys are a date and an id, and its shuffle, which
   * moves about one row per fact when an agent-day has few facts, carries no names.
   */
  static Dataset<Row> agentDays(Dataset<Row> receptions, Dataset<Row> ratings, Dataset<Row> calls,
                                Dataset<Row> roster) {
    Dataset<Row> facts = receptions.withColumn(Measures.IS_RATING, lit(false)).withColumn(Measures.IS_CALL, lit(false))
        .unionByName(ratings.withColumn(Measures.IS_RATING, lit(true)).withColumn(Measures.IS_CALL, lit(false)), true)
        .unionByName(calls.withColumn(Measures.IS_RATING, lit(false)).withColumn(Measures.IS_CALL, lit(true)), true);
    Column[] statistics = Measures.agentDay();
    Dataset<Row> stats = facts.groupBy("date", "agent_id")
        .agg(statistics[0], Arrays.copyOfRange(statistics, 1, statistics.length));
    return Teams.assign(stats, roster)
        .select(columns(List.of("date", "agent_id", "agent_name", "team_id", "team_name"), SUMMED, BUYERS))
        .withColumn("month", month(col("date")));
  }

  /**
   * Statistics per (date, team) and per date for {@value Teams#ALL}: sums of the agent-day rows
   * (an agent is in one team on a date), the distinct buyers of the team's inquiries, and agents.
   */
  static Dataset<Row> teamDays(Dataset<Row> agentDays, Dataset<Row> receptions) {
    List<Column> stats = new ArrayList<>(List.of(sums(SUMMED, List.of())));
    stats.add(count(when(col("receptions").gt(0), lit(1))).as("agents"));
    Dataset<Row> summed = withAllTeams(agentDays).groupBy("date", "team_id")
        .agg(latest("team_name"), stats.toArray(Column[]::new))
        .select(flat(List.of("date", "team_id", "team_name"), SUMMED, List.of("agents")));
    // One row per (date, team, buyer) with an inquiry, each inquiry counted under its team and
    // under _all: one aggregation, so the facts are read and shuffled once for both.
    // The buyer counts and their flags come from Measures; the first counts every inquiry.
    List<Measures.Statistic> counts = Measures.buyerCounts();
    List<Column> selected = new ArrayList<>(List.of(col("date"),
        explode(array(col("team_id"), lit(Teams.ALL))).as("team_id"), col("buyer_id")));
    List<Column> perBuyer = new ArrayList<>();
    List<Column> perTeam = new ArrayList<>();
    for (Measures.Statistic c : counts) {
      selected.add(col(c.buyerFlag()));
      perBuyer.add(max(col(c.buyerFlag())).as(c.buyerFlag()));
      perTeam.add(count(when(col(c.buyerFlag()), lit(1))).as(c.name()));
    }
    Dataset<Row> buyers = receptions.filter(col(counts.get(0).buyerFlag()))
        .select(selected.toArray(Column[]::new))
        .groupBy("date", "team_id", "buyer_id")
        .agg(perBuyer.get(0), perBuyer.subList(1, perBuyer.size()).toArray(Column[]::new))
        .groupBy(col("date").as("_b_date"), col("team_id").as("_b_team"))
        .agg(perTeam.get(0), perTeam.subList(1, perTeam.size()).toArray(Column[]::new));
    Dataset<Row> joined = summed.join(buyers,
        col("date").equalTo(col("_b_date")).and(col("team_id").equalTo(col("_b_team"))), "left");
    for (String b : BUYERS) {
      joined = joined.withColumn(b, coalesce(col(b), lit(0L)));
    }
    return joined.drop("_b_date", "_b_team").withColumn("month", month(col("date")));
  }

  /**
   * Statistics per (month, team) and per month for {@value Teams#ALL}: the sums of the team's days
   * (an inquiry is a buyer-day, spec §5), and {@code agents}, the head count of the month (spec v2
   * §5): the distinct agents with a reception on a day they were in the team. An agent who changed
   * teams counts in both, and once in {@value Teams#ALL}.
   */
  static Dataset<Row> teamMonths(Dataset<Row> agentDays, Dataset<Row> teamDays) {
    Dataset<Row> summed = teamDays.groupBy("month", "team_id")
        .agg(latest("team_name"), sums(SUMMED, BUYERS))
        .select(flat(List.of("month", "team_id", "team_name"), SUMMED, BUYERS));
    Dataset<Row> heads = withAllTeams(agentDays.filter(col("receptions").gt(0))
            .select(col("month"), col("team_id"), col("team_name"), col("agent_id")))
        .groupBy(col("month").as("_h_month"), col("team_id").as("_h_team"))
        .agg(count_distinct(col("agent_id")).as("agents"));
    return summed.join(heads, col("month").equalTo(col("_h_month")).and(col("team_id").equalTo(col("_h_team"))), "left")
        .withColumn("agents", coalesce(col("agents"), lit(0L)))
        .drop("_h_month", "_h_team");
  }

  /**
   * The median and 90th percentile of the first response times for every row of the four tables:
   * table, period (date or month, as a string), id (agent or team), p50, p90. The many small
   * agent groups come from one shuffle by agent and one sort by (agent, date)
   * ({@link AgentPercentiles}). The few large team groups (with {@value Teams#ALL}, as large as all
   * the receptions of a month) first count each distinct value once per group ({@link #teamValues}),
   * so their sort is of distinct values only.
   */
  static Dataset<Row> percentiles(Dataset<Row> receptions) {
    Dataset<Row> answered = receptions.filter(col("first_response_s").isNotNull());
    Dataset<Row> agents = AgentPercentiles.of(answered, AGENT_DAILY, AGENT_MONTHLY);
    Dataset<Row> teams = percentiles(teamValues(answered), List.of("table", "period", "id"), "v", "w", 0.5, 0.9);
    return agents.unionByName(teams);
  }

  /**
   * (table, period, id, v, w) of the team tables: each distinct first response time of a team-day,
   * team-month, {@value Teams#ALL}-day and {@value Teams#ALL}-month, with how many times it occurs.
   * A team-day has thousands of first responses but few distinct ones, so they are counted per
   * (date, team, value) first, a hash aggregation with narrow keys that collapses them before the
   * scan's shuffle; only those counts are then copied into the four groups (with the periods as
   * text) and summed.
   */
  static Dataset<Row> teamValues(Dataset<Row> answered) {
    Column date = col("date").cast(DataTypes.StringType);
    Column month = month(col("date"));
    Column team = col("team_id");
    Column all = lit(Teams.ALL);
    return answered.groupBy(col("date"), team, col("first_response_s").as("v")).agg(count(lit(1)).as("n"))
        .select(explode(array(key(TEAM_DAILY, date, team), key(TEAM_DAILY, date, all),
            key(TEAM_MONTHLY, month, team), key(TEAM_MONTHLY, month, all))).as("k"), col("v"), col("n"))
        .groupBy(col("k.table").as("table"), col("k.period").as("period"), col("k.id").as("id"), col("v"))
        .agg(sum("n").as("w"));
  }

  private static final String MONTH_PATTERN = "yyyy-MM";
  /** The month of a date as the monthly tables key it, for code outside Spark's expressions. */
  static final java.time.format.DateTimeFormatter MONTH = java.time.format.DateTimeFormatter.ofPattern(MONTH_PATTERN);

  /** The month of a date as the monthly tables key it: yyyy-MM. */
  public static Column month(Column date) {
    return date_format(date, MONTH_PATTERN);
  }

  /**
   * Exact percentiles with linear interpolation, as Spark's {@code percentile} computes them (the
   * value at position (n - 1) * p of the sorted values, interpolated between its neighbours), from
   * one sort by key and value instead of a value map per group.
   *
   * @param weight a column with how many times each row's value occurs (e.g. values counted per
   *     group beforehand), or null for once each
   * @return the keys and one column {@code p<100 * p>} per percentile, e.g. p50, p90
   */
  public static Dataset<Row> percentiles(Dataset<Row> values, List<String> keys, String value, String weight,
                                         double... ps) {
    Column[] keyCols = keys.stream().map(k -> col(k)).toArray(Column[]::new);
    WindowSpec sorted = Window.partitionBy(keyCols).orderBy(col(value));
    // A row covers the positions _c - _w .. _c - 1 of its group's sorted values.
    Dataset<Row> ranked = values
        .withColumn("_w", weight == null ? lit(1L) : col(weight).cast(DataTypes.LongType))
        .withColumn("_c", sum("_w").over(sorted.rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
        .withColumn("_n", sum("_w").over(sorted.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing())));
    List<Column> aggs = new ArrayList<>();
    List<Column> out = new ArrayList<>(List.of(keyCols));
    Column any = lit(false);
    for (double p : ps) {
      String name = "p" + Math.round(p * 100);
      Column pos = col("_n").minus(1).multiply(p);
      aggs.add(max(pos).as(name + "_pos"));
      aggs.add(max(when(covers(floor(pos)), col(value))).as(name + "_lo"));
      aggs.add(max(when(covers(ceil(pos)), col(value))).as(name + "_hi"));
      any = any.or(covers(floor(pos))).or(covers(ceil(pos)));
      Column lo = col(name + "_lo");
      Column hi = col(name + "_hi");
      Column at = col(name + "_pos");
      out.add(when(lo.equalTo(hi), lo)
          .otherwise(ceil(at).minus(at).multiply(lo).plus(at.minus(floor(at)).multiply(hi))).as(name));
    }
    // Only the rows at the floor or ceiling position of a percentile are needed.
    return ranked.filter(any)
        .groupBy(keyCols).agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
        .select(out.toArray(Column[]::new));
  }

  /** Whether the row's values cover this position of the sorted values. */
  private static Column covers(Column position) {
    return col("_c").minus(col("_w")).leq(position).and(col("_c").gt(position));
  }

  private static Column key(String table, Column period, Column id) {
    return struct(lit(table).as("table"), period.as("period"), id.as("id"));
  }

  /** The facts once per team and once more as team {@value Teams#ALL}. */
  static Dataset<Row> withAllTeams(Dataset<Row> facts) {
    return facts.unionByName(facts.withColumn("team_id", lit(Teams.ALL))
        .withColumn("team_name", lit(null).cast(DataTypes.StringType)));
  }

  /** The rates and averages of spec §5 from the statistics, and the percentiles of the rows. */
  private static Dataset<Row> finish(Dataset<Row> stats, Dataset<Row> pct, String table, String period, String id,
                                     List<String> attributes, boolean team) {
    // A daily table joins on its date: the percentiles' period (yyyy-MM-dd) is typed back to a date
    // rather than every row's date cast to text. Keyed (date, id) as the statistics' aggregation is
    // partitioned, the join reads their cache without shuffling it (at 50M: 13.0 s of CPU against
    // 26.1 s, the git history of docs/benchmarks.md), and sorts on a date, whose sort prefix tells the
    // dates apart (a text's prefix is "yyyy-MM-" on every row of a month).
    Dataset<Row> p = pct.filter(col("table").equalTo(table)).drop("table");
    if (period.equals("date")) {
      p = p.withColumn("period", col("period").cast(DataTypes.DateType));
    }
    Dataset<Row> j = stats.join(p, col(period).equalTo(col("period")).and(col(id).equalTo(col("id"))), "left");
    List<Column> out = new ArrayList<>(List.of(col(period), col(id)));
    attributes.forEach(a -> out.add(col(a)));
    out.addAll(Measures.values());
    if (team) {
      out.add(col("agents"));
    }
    return j.select(out.toArray(Column[]::new));
  }

  /** The attributes on the latest date of the group's rows (a tie: the greatest values). */
  private static Column latest(String... attributes) {
    List<Column> fields = new ArrayList<>(List.of(col("date")));
    for (String a : attributes) {
      fields.add(col(a));
    }
    return max(struct(fields.toArray(Column[]::new))).as("_attrs");
  }

  /** Sums of statistics columns (money stays decimal(18,2)). */
  private static Column[] sums(List<String> columns, List<String> more) {
    List<String> names = new ArrayList<>(columns);
    names.addAll(more);
    return Measures.sums(names);
  }

  /** The named columns, in this order. */
  private static Column[] columns(List<String> first, List<String> then, List<String> last) {
    List<Column> out = new ArrayList<>();
    for (List<String> names : List.of(first, then, last)) {
      names.forEach(n -> out.add(col(n)));
    }
    return out.toArray(Column[]::new);
  }

  /** Keys and attributes (out of the _attrs struct), then the statistics columns. */
  private static Column[] flat(List<String> keysAndAttributes, List<String> stats, List<String> more) {
    List<Column> out = new ArrayList<>(List.of(col(keysAndAttributes.get(0)), col(keysAndAttributes.get(1))));
    for (String a : keysAndAttributes.subList(2, keysAndAttributes.size())) {
      out.add(col("_attrs").getField(a).as(a));
    }
    for (String c : stats) {
      out.add(col(c));
    }
    for (String c : more) {
      out.add(col(c));
    }
    return out.toArray(Column[]::new);
  }

  /** numerator / denominator as a double; null when the denominator is 0 (spec §5). */
  public static Column ratio(Column numerator, Column denominator) {
    return when(denominator.gt(0), numerator.cast(DataTypes.DoubleType).divide(denominator.cast(DataTypes.DoubleType)));
  }
}
