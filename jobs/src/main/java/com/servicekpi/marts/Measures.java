package com.servicekpi.marts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.servicekpi.model.Conversion;
import com.servicekpi.reports.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;

/**
 * The metric columns of the agent, team and group tables (spec §5), declared once, family by
 * family: each family's sufficient statistics (how an agent-day gets them from its facts, how they
 * add up from agents to teams and from days to months) and its columns in table order (a
 * statistic itself, or a ratio of two statistics divided last). {@link Aggregates} builds the
 * tables from this list, {@code daily} compares the statistics marked compared, the outlier
 * rules take their denominators from the ratios, and the report's {@link Metric}s name columns of
 * it (checked by MeasuresTest).
 *
 * <p>A new KPI is one family entry here (plus a {@link Metric} when it has a target and a page).
 */
public final class Measures {
  /** Marks a rating among the facts of an agent-day (the others are receptions and calls). */
  static final String IS_RATING = "is_rating";
  /** Marks an answered call among the facts of an agent-day. */
  static final String IS_CALL = "is_call";

  /** How a statistic adds up from agent-days to teams and to months. */
  public enum Rollup {
    /** A sum. */
    SUM,
    /** A sum of money, kept decimal(18,2). */
    MONEY,
    /**
     * A count of buyers: summed from agents at agent level and from days to months (an inquiry is
     * a buyer-day), counted distinct over a team's inquiries at team level (spec §5).
     */
    BUYERS
  }

  /**
   * A sufficient statistic. A hidden one (its name starts with an underscore) only feeds a ratio;
   * the others are table columns. {@code compared}: {@code daily} prints how late data moved it.
   * {@code buyerFlag}: for a count of buyers, the reception facts' flag it counts (inquiry,
   * ordered, paid), which the team tables count once per buyer; null otherwise.
   */
  public record Statistic(String name, Supplier<Column> agentDay, Rollup rollup, boolean compared,
                          String buyerFlag) {
    public boolean hidden() {
      return name.startsWith("_");
    }

    /** Its aggregate over the facts of an agent-day. */
    Column ofAgentDay() {
      return agentDay.get().as(name);
    }

    /** Its sum over rows that carry it. */
    Column summed() {
      Column s = sum(col(name));
      return (rollup == Rollup.MONEY ? s.cast(Conversion.MONEY) : s).as(name);
    }
  }

  /**
   * A table column: a statistic as it is ({@code numerator} only), a ratio of two statistics (null
   * when the denominator is 0), money per unit ({@code money}), or a percentile column of the
   * row's first response times ({@code percentile}, e.g. p50).
   */
  public record Measure(String name, String numerator, String denominator, boolean money, String percentile) {
    static Measure stat(String name) {
      return new Measure(name, name, null, false, null);
    }

    static Measure ratio(String name, String numerator, String denominator) {
      return new Measure(name, numerator, denominator, false, null);
    }

    static Measure perUnit(String name, String money, String units) {
      return new Measure(name, money, units, true, null);
    }

    static Measure percentile(String name, String p) {
      return new Measure(name, null, null, false, p);
    }

    public boolean isRatio() {
      return denominator != null;
    }

    /** Its value from a row of statistics (and percentiles). */
    Column value() {
      if (percentile != null) {
        return col(percentile).as(name);
      }
      if (denominator == null) {
        return col(numerator).as(name);
      }
      Column d = col(denominator);
      return (money ? when(d.gt(0), col(numerator).divide(d).cast(Conversion.MONEY))
          : Aggregates.ratio(col(numerator), d)).as(name);
    }
  }

  /** A metric family: its statistics and its columns, in table order. */
  public record Family(String name, List<Statistic> statistics, List<Measure> columns) {}

  private static Column isReception() {
    return not(col(IS_RATING)).and(not(col(IS_CALL)));
  }

  private static Column countIf(Column condition) {
    return count(when(condition, lit(1)));
  }

  private static Statistic counted(String name, Supplier<Column> agentDay, boolean compared) {
    return new Statistic(name, agentDay, Rollup.SUM, compared, null);
  }

  /**
   * A count of the buyers whose reception facts carry the flag. At agent grain an inquiry is one
   * (date, agent, buyer), so the count of the flag is the distinct count.
   */
  private static Statistic buyers(String name, String flag) {
    return new Statistic(name, () -> countIf(col(flag)), Rollup.BUYERS, true, flag);
  }

  /** The families in the order the tables carry their columns. */
  public static final List<Family> FAMILIES = List.of(
      new Family("receptions",
          List.of(counted("receptions", () -> countIf(isReception()), true),
              counted("replied", () -> countIf(col("replied")), true)),
          List.of(Measure.stat("receptions"), Measure.stat("replied"),
              Measure.ratio(Metric.RESPONSE_RATE.column, "replied", "receptions"))),
      new Family("rounds",
          List.of(counted("answered_rounds", () -> coalesce(sum("answered_rounds"), lit(0L)), false),
              counted("rounds", () -> coalesce(sum("rounds"), lit(0L)), false)),
          List.of(Measure.stat("answered_rounds"), Measure.stat("rounds"))),
      new Family("response times",
          List.of(counted("_fr_sum", () -> sum("first_response_s"), false),
              counted("_fr_n", () -> count("first_response_s"), false),
              counted("_resp_sum", () -> sum("response_sum_s"), false)),
          List.of(Measure.ratio(Metric.FIRST_RESPONSE_AVG.column, "_fr_sum", "_fr_n"),
              Measure.percentile("first_response_p50_s", "p50"),
              Measure.percentile(Metric.FIRST_RESPONSE_P90.column, "p90"),
              Measure.ratio(Metric.RESPONSE_AVG.column, "_resp_sum", "answered_rounds"))),
      new Family("satisfaction",
          List.of(counted("ratings", () -> countIf(col(IS_RATING)), true),
              counted("satisfied", () -> countIf(col("satisfied")), true),
              counted("dissatisfied", () -> countIf(col("dissatisfied")), true)),
          List.of(Measure.stat("ratings"), Measure.stat("satisfied"), Measure.stat("dissatisfied"),
              Measure.ratio(Metric.SATISFACTION.column, "satisfied", "ratings"))),
      // the first buyer count is every inquiry: the others count buyers among them
      new Family("conversion",
          List.of(buyers("inquiries", "inquiry"), buyers("ordered_buyers", "ordered"), buyers("paid_buyers", "paid")),
          List.of(Measure.stat("inquiries"), Measure.stat("ordered_buyers"), Measure.stat("paid_buyers"),
              Measure.ratio(Metric.INQUIRY_CONVERSION.column, "ordered_buyers", "inquiries"),
              Measure.ratio(Metric.PAID_CONVERSION.column, "paid_buyers", "inquiries"))),
      new Family("sales",
          List.of(new Statistic(Metric.SALES.column,
              () -> coalesce(sum("sales_amount"), lit(0)).cast(Conversion.MONEY), Rollup.MONEY, true, null)),
          List.of(Measure.stat(Metric.SALES.column),
              Measure.perUnit(Metric.AVG_ORDER_VALUE.column, Metric.SALES.column, "paid_buyers"))),
      new Family("calls",
          List.of(counted("calls_answered", () -> countIf(col(IS_CALL)), false),
              counted("_handle_sum", () -> sum("handle_s"), false)),
          List.of(Measure.stat("calls_answered"), Measure.ratio("handle_avg_s", "_handle_sum", "calls_answered"))));

  private Measures() {}

  /** Every statistic, in family order. */
  public static List<Statistic> statistics() {
    return FAMILIES.stream().flatMap(f -> f.statistics().stream()).toList();
  }

  /** Every metric column of the tables, in table order. */
  public static List<Measure> columns() {
    return FAMILIES.stream().flatMap(f -> f.columns().stream()).toList();
  }

  /** The metric column names, in table order. */
  public static List<String> names() {
    return columns().stream().map(Measure::name).toList();
  }

  /** The names of the statistics that sum at every level (all but the buyer counts). */
  static List<String> summed() {
    return statistics().stream().filter(s -> s.rollup() != Rollup.BUYERS).map(Statistic::name).toList();
  }

  /** The buyer counts; the first counts every inquiry. */
  static List<Statistic> buyerCounts() {
    return statistics().stream().filter(s -> s.rollup() == Rollup.BUYERS).toList();
  }

  /** The names of the buyer counts. */
  static List<String> buyers() {
    return buyerCounts().stream().map(Statistic::name).toList();
  }

  /** The statistics {@code daily} compares before and after a restatement, in table order. */
  public static List<String> compared() {
    return statistics().stream().filter(Statistic::compared).map(Statistic::name).toList();
  }

  /** The column of this name; an error for a name that is no metric column. */
  public static Measure column(String name) {
    return columns().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no metric column " + name));
  }

  /** The statistics of an agent-day from its facts (receptions, ratings and calls, marked). */
  static Column[] agentDay() {
    return statistics().stream().map(Statistic::ofAgentDay).toArray(Column[]::new);
  }

  /** Sums of the named statistics. */
  static Column[] sums(List<String> names) {
    List<Column> out = new ArrayList<>();
    for (String n : names) {
      out.add(statistic(n).summed());
    }
    return out.toArray(Column[]::new);
  }

  /** The metric columns from a row of statistics and percentiles. */
  static List<Column> values() {
    return columns().stream().map(Measure::value).toList();
  }

  private static Statistic statistic(String name) {
    return statistics().stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no statistic " + name));
  }
}
