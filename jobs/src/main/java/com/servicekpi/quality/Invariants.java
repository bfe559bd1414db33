package com.servicekpi.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.servicekpi.marts.OutputTable;
import com.servicekpi.reports.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Checks on the computed tables before they are published. Each finding names the table, the key
 * and the numbers. Row rules hold for every aggregate table; sums are compared exactly (counts
 * and decimal money).
 */
public final class Invariants {
  private Invariants() {}

  /** Counts that add up from agents to teams and from teams to _all. */
  static final List<String> ADDITIVE = List.of(
      "receptions", "replied", "answered_rounds", "rounds", "ratings", "satisfied", "dissatisfied", "sales_amount");
  /** Counts that add up from days to months (spec §5: every monthly count is the sum of its days). */
  static final List<String> MONTHLY = List.of(
      "receptions", "replied", "answered_rounds", "rounds", "ratings", "satisfied", "dissatisfied",
      "inquiries", "ordered_buyers", "paid_buyers", "sales_amount");
  static final List<String> RATES = java.util.Arrays.stream(Metric.values())
      .filter(m -> m.unit == Metric.Unit.RATE).map(m -> m.column).toList();
  private static final int SHOWN = 5;
  /** Checks run at the same time (each is a few small Spark jobs). */
  private static final int PARALLEL_CHECKS = 4;

  /** What failed: table, key, rule and numbers, in one line. */
  public record Finding(String table, String key, String rule, String numbers) {
    @Override
    public String toString() {
      return table + " " + key + ": " + rule + " (" + numbers + ")";
    }
  }

  /** Thrown when a check fails: the publish is stopped. */
  public static final class Failed extends RuntimeException {
    public Failed(List<Finding> findings) {
      super("the computed tables failed " + findings.size() + (findings.size() == 1 ? " check" : " checks")
          + " and nothing was published: " + String.join("; ", findings.stream().map(Finding::toString).toList())
          + ". This is a bug in service-kpi: please report it with the run summary.");
    }
  }

  /**
   * Every check. {@code completeMonths}: the months whose every day the run computed (all of
   * them in a full run), the only ones whose monthly rows can be compared with their days.
   */
  public static List<Finding> check(Dataset<Row> agentDaily, Dataset<Row> teamDaily, Dataset<Row> agentMonthly,
                                    Dataset<Row> teamMonthly, Set<String> completeMonths) {
    List<Callable<List<Finding>>> checks = new ArrayList<>();
    checks.add(() -> rows(OutputTable.AGENT_DAILY.table, agentDaily, "date", "agent_id"));
    checks.add(() -> rows(OutputTable.TEAM_DAILY.table, teamDaily, "date", "team_id"));
    checks.add(() -> rows(OutputTable.AGENT_MONTHLY.table, agentMonthly, "month", "agent_id"));
    checks.add(() -> rows(OutputTable.TEAM_MONTHLY.table, teamMonthly, "month", "team_id"));

    Dataset<Row> teams = teamDaily.filter(col("team_id").notEqual("_all"));
    checks.add(() -> equal(OutputTable.TEAM_DAILY.table, teams,
        agentDaily.withColumn("agents", when(col("receptions").gt(0), 1).otherwise(0)),
        List.of("date", "team_id"), concat(ADDITIVE, "agents"), "equals the sum of its agents' agent_daily rows"));
    checks.add(() -> equal(OutputTable.TEAM_DAILY.table, teamDaily.filter(col("team_id").equalTo("_all")).drop("team_id"), teams,
        List.of("date"), concat(ADDITIVE, "agents"), "_all equals the sum of the teams"));
    checks.add(() -> equal(OutputTable.TEAM_MONTHLY.table, teamMonthly.filter(col("team_id").equalTo("_all")).drop("team_id"),
        teamMonthly.filter(col("team_id").notEqual("_all")), List.of("month"), ADDITIVE,
        "_all equals the sum of the teams"));

    checks.add(() -> monthsAreTheirDays(OutputTable.AGENT_MONTHLY, agentMonthly, agentDaily, "agent_id", MONTHLY,
        completeMonths));
    checks.add(() -> monthsAreTheirDays(OutputTable.TEAM_MONTHLY, teamMonthly, teamDaily, "team_id", MONTHLY,
        completeMonths));
    return runAll(checks);
  }

  /**
   * Runs the checks at the same time and returns their findings in the checks' order. Each check
   * is a few small Spark jobs over the staged tables whose time is mostly the driver's planning
   * and scheduling; one after the other they took about 14 s at 50M messages, at the same time
   * about 9 s (the git history of docs/benchmarks.md). The threads inherit the caller's job description.
   */
  static List<Finding> runAll(List<Callable<List<Finding>>> checks) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_CHECKS, checks.size()), r -> {
      Thread t = new Thread(r, "service-kpi-check");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<List<Finding>>> running = new ArrayList<>();
      for (Callable<List<Finding>> c : checks) {
        running.add(pool.submit(c));
      }
      List<Finding> out = new ArrayList<>();
      for (Future<List<Finding>> f : running) {
        out.addAll(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the computed tables", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** A rule that every row of an aggregate table keeps: when it is broken, and the columns shown. */
  private record Rule(String name, Column broken, List<String> shown) {}

  private static List<Rule> rowRules() {
    List<Rule> rules = new ArrayList<>(List.of(
        new Rule("replied <= receptions", col("replied").gt(col("receptions")), List.of("replied", "receptions")),
        new Rule("answered_rounds <= rounds", col("answered_rounds").gt(col("rounds")),
            List.of("answered_rounds", "rounds")),
        new Rule("satisfied + dissatisfied <= ratings", col("satisfied").plus(col("dissatisfied")).gt(col("ratings")),
            List.of("satisfied", "dissatisfied", "ratings"))));
    for (String r : RATES) {
      rules.add(new Rule(r + " within [0, 1]", col(r).lt(0).or(col(r).gt(1)), List.of(r)));
    }
    return rules;
  }

  /** Rules that every row of an aggregate table keeps, checked in one pass over the table. */
  static List<Finding> rows(String table, Dataset<Row> t, String period, String key) {
    return rows(table, t, period, key, rowRules());
  }

  /** Rules that every row of a table keeps, checked in one pass over the table. */
  private static List<Finding> rows(String table, Dataset<Row> t, String period, String key, List<Rule> rules) {
    Column any = lit(false);
    List<Column> cols = new ArrayList<>(List.of(col(period), col(key)));
    for (int i = 0; i < rules.size(); i++) {
      Column broken = coalesce(rules.get(i).broken(), lit(false));
      any = any.or(broken);
      cols.add(broken.as("_broken_" + i));
      rules.get(i).shown().forEach(c -> cols.add(col(c).as("_" + c)));
    }
    List<Finding> out = new ArrayList<>();
    int[] shownPerRule = new int[rules.size()];
    for (Row r : t.filter(any).select(cols.toArray(Column[]::new)).limit(SHOWN * rules.size()).collectAsList()) {
      for (int i = 0; i < rules.size(); i++) {
        if (!r.<Boolean>getAs("_broken_" + i) || shownPerRule[i]++ >= SHOWN) {
          continue;
        }
        StringBuilder numbers = new StringBuilder();
        for (String c : rules.get(i).shown()) {
          numbers.append(numbers.isEmpty() ? "" : ", ").append(c).append(' ').append((Object) r.getAs("_" + c));
        }
        out.add(new Finding(table, period + "=" + r.get(0) + " " + key + "=" + r.get(1), rules.get(i).name(),
            numbers.toString()));
      }
    }
    return out;
  }

  /**
   * The checks of the group tables (spec §8): the row rules of every aggregate table, and a
   * complete month equal to the sum of its days. (A group has no _all row, and its members' rows
   * overlap when an agent is in two groups, so nothing adds up across groups.)
   */
  public static List<Finding> checkGroups(Dataset<Row> groupDaily, Dataset<Row> groupMonthly, Set<String> completeMonths) {
    List<Callable<List<Finding>>> checks = new ArrayList<>();
    checks.add(() -> rows(OutputTable.GROUP_DAILY.table, groupDaily, "date", "group_id"));
    checks.add(() -> rows(OutputTable.GROUP_MONTHLY.table, groupMonthly, "month", "group_id"));
    checks.add(() -> monthsAreTheirDays(OutputTable.GROUP_MONTHLY, groupMonthly, groupDaily, "group_id", MONTHLY,
        completeMonths));
    return runAll(checks);
  }

  /** Call counts that add up from queues to _all, from intervals to days and from days to months. */
  static final List<String> CALL_COUNTS = List.of("offered", "answered", "abandoned", "short_abandoned", "answered_in_sl");

  /** Rules that every row of a queue table keeps (spec §6.3). */
  private static List<Rule> callRules(boolean queueLevel) {
    List<Rule> rules = new ArrayList<>(List.of(
        new Rule("answered + abandoned + short_abandoned = offered",
            col("answered").plus(col("abandoned")).plus(col("short_abandoned")).notEqual(col("offered")),
            List.of("answered", "abandoned", "short_abandoned", "offered")),
        new Rule("answered_in_sl <= answered", col("answered_in_sl").gt(col("answered")),
            List.of("answered_in_sl", "answered"))));
    List<String> rates = queueLevel ? List.of("answer_rate", "abandon_rate", "service_level") : List.of("service_level");
    for (String r : rates) {
      rules.add(new Rule(r + " within [0, 1]", col(r).lt(0).or(col(r).gt(1)), List.of(r)));
    }
    return rules;
  }

  /**
   * The checks of the queue tables (spec §6): their row rules, _all equal to the sum of the
   * queues, the intervals of a (date, queue) adding up to its day, and a complete month equal to
   * the sum of its days.
   */
  public static List<Finding> checkCalls(Dataset<Row> queueDaily, Dataset<Row> queueMonthly, Dataset<Row> intervals,
                                         Set<String> completeMonths) {
    List<Callable<List<Finding>>> checks = new ArrayList<>();
    checks.add(() -> rows(OutputTable.QUEUE_DAILY.table, queueDaily, "date", "queue_id", callRules(true)));
    checks.add(() -> rows(OutputTable.QUEUE_MONTHLY.table, queueMonthly, "month", "queue_id", callRules(true)));
    checks.add(() -> rows(OutputTable.QUEUE_INTERVALS.table, intervals.withColumn("_key", concat_ws(" ", col("queue_id"),
        col("interval"))), "date", "_key", callRules(false)));
    Dataset<Row> queues = queueDaily.filter(col("queue_id").notEqual("_all"));
    checks.add(() -> equal(OutputTable.QUEUE_DAILY.table, queueDaily.filter(col("queue_id").equalTo("_all")).drop("queue_id"), queues,
        List.of("date"), CALL_COUNTS, "_all equals the sum of the queues"));
    checks.add(() -> equal(OutputTable.QUEUE_MONTHLY.table, queueMonthly.filter(col("queue_id").equalTo("_all")).drop("queue_id"),
        queueMonthly.filter(col("queue_id").notEqual("_all")), List.of("month"), CALL_COUNTS,
        "_all equals the sum of the queues"));
    checks.add(() -> equal(OutputTable.QUEUE_DAILY.table, queues, intervals, List.of("date", "queue_id"), CALL_COUNTS,
        "equals the sum of its intervals"));
    checks.add(() -> monthsAreTheirDays(OutputTable.QUEUE_MONTHLY, queueMonthly, queueDaily, "queue_id", CALL_COUNTS,
        completeMonths));
    return runAll(checks);
  }

  /**
   * Each row of a monthly table equals the sum of its days (spec §5), for the months whose every
   * day the run computed; none to compare: no finding.
   */
  static List<Finding> monthsAreTheirDays(OutputTable table, Dataset<Row> monthly, Dataset<Row> daily, String key,
                                          List<String> columns, Set<String> completeMonths) {
    if (completeMonths.isEmpty()) {
      return List.of();
    }
    Column in = col("month").isin(completeMonths.toArray());
    // Spelled out here, not Aggregates.month: the check must not share the code it checks.
    Column month = date_format(col("date"), "yyyy-MM");
    return equal(table.table, monthly.filter(in), daily.withColumn("month", month).filter(in), List.of("month", key),
        columns, "equals the sum of its days");
  }

  /** The rows of {@code whole} equal the sums of {@code parts} per key, column by column. */
  static List<Finding> equal(String table, Dataset<Row> whole, Dataset<Row> parts, List<String> keys,
                             List<String> columns, String rule) {
    List<Column> sums = new ArrayList<>();
    for (String c : columns) {
      sums.add(sum(col(c)).as("p_" + c));
    }
    sums.add(count(lit(1)).as("p__rows"));
    Dataset<Row> p = parts.groupBy(keys.stream().map(k -> col(k)).toArray(Column[]::new))
        .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new));
    List<String> wholeCols = new ArrayList<>(keys);
    columns.forEach(c -> wholeCols.add(c + " as w_" + c));
    Dataset<Row> w = whole.selectExpr(wholeCols.toArray(String[]::new));
    Dataset<Row> j = w.join(p, scala.jdk.javaapi.CollectionConverters.asScala(keys).toSeq(), "full_outer");
    Column differs = lit(false);
    for (String c : columns) {
      differs = differs.or(coalesce(col("w_" + c), lit(0)).notEqual(coalesce(col("p_" + c), lit(0))));
    }
    List<Finding> out = new ArrayList<>();
    for (Row r : j.filter(differs).limit(SHOWN).collectAsList()) {
      StringBuilder key = new StringBuilder();
      for (String k : keys) {
        key.append(key.isEmpty() ? "" : " ").append(k).append('=').append((Object) r.getAs(k));
      }
      StringBuilder numbers = new StringBuilder();
      for (String c : columns) {
        Object a = r.getAs("w_" + c);
        Object b = r.getAs("p_" + c);
        if (a == null ? b != null && !isZero(b) : !eq(a, b)) {
          numbers.append(numbers.isEmpty() ? "" : ", ").append(c).append(' ').append(a).append(" vs sum ").append(b);
        }
      }
      out.add(new Finding(table, key.toString(), rule, numbers.toString()));
    }
    return out;
  }

  private static boolean isZero(Object o) {
    return o instanceof Number n && n.doubleValue() == 0;
  }

  private static boolean eq(Object a, Object b) {
    if (b == null) {
      return isZero(a);
    }
    if (a instanceof java.math.BigDecimal x && b instanceof java.math.BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    return ((Number) a).longValue() == ((Number) b).longValue();
  }

  private static List<String> concat(List<String> a, String b) {
    List<String> out = new ArrayList<>(a);
    out.add(b);
    return out;
  }
}
