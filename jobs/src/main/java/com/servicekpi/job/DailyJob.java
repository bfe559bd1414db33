package com.servicekpi.job;

import static org.apache.spark.sql.functions.col;

import com.servicekpi.config.Settings;
import com.servicekpi.marts.Measures;
import com.servicekpi.marts.OutputTable;
import com.servicekpi.model.DateRange;
import com.servicekpi.publish.Publisher;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The scheduled form of the job: recompute the trailing restate.days days up to a date (and the
 * months they touch), because late payments and late ratings change days that have ended, and
 * tell what changed, per date and per month, for all teams together.
 */
public final class DailyJob {
  /** The counts compared before and after: what late data can change. */
  static final List<String> COMPARED = Measures.compared();

  private final SparkSession spark;
  private final Settings settings;

  public DailyJob(SparkSession spark, Settings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  /** The run's summary and the changes it made, one line per changed date or month. */
  public record Result(RunSummary summary, DateRange range, List<String> changes) {}

  /** The dates a daily run for this date recomputes. */
  public DateRange range(LocalDate date) {
    return new DateRange(date.minusDays(settings.trust().restateDays() - 1L), date);
  }

  public Result run(LocalDate date) {
    DateRange range = range(date);
    List<String> dates = new ArrayList<>();
    for (LocalDate d = range.from(); !d.isAfter(range.to()); d = d.plusDays(1)) {
      dates.add(d.toString());
    }
    List<String> months = dates.stream().map(d -> d.substring(0, 7)).distinct().toList();
    // "before" is the last published output: undo a publish that a killed run left half done
    new Publisher(spark.sparkContext().hadoopConfiguration(), settings.outputPath()).recover();
    Map<String, Map<String, Object>> daysBefore = allTeams(OutputTable.TEAM_DAILY, dates);
    Map<String, Map<String, Object>> monthsBefore = allTeams(OutputTable.TEAM_MONTHLY, months);
    RunSummary summary = new KpiJob(spark, settings).run(range);
    List<String> changes = new ArrayList<>();
    changes.addAll(diff(daysBefore, allTeams(OutputTable.TEAM_DAILY, dates)));
    changes.addAll(diff(monthsBefore, allTeams(OutputTable.TEAM_MONTHLY, months)));
    return new Result(summary, range, changes);
  }

  /** The _all rows of a table for these partition values: value -> column -> count. */
  private Map<String, Map<String, Object>> allTeams(OutputTable table, List<String> values) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    String partition = table.partition;
    Path p = new Path(settings.outputPath(), table.table);
    try {
      if (!p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
        return out;
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + p + ": " + e.getMessage(), e);
    }
    List<String> cols = new ArrayList<>(List.of("cast(" + partition + " as string) as p"));
    cols.addAll(COMPARED);
    for (Row r : spark.read().parquet(p.toString()).filter(col("team_id").equalTo("_all"))
        .filter(col(partition).cast("string").isin(values.toArray())).selectExpr(cols.toArray(String[]::new))
        .collectAsList()) {
      Map<String, Object> m = new TreeMap<>();
      for (int i = 0; i < COMPARED.size(); i++) {
        m.put(COMPARED.get(i), r.get(i + 1));
      }
      out.put(r.getString(0), m);
    }
    return out;
  }

  /** One line per partition whose counts changed: "2026-10-30: paid_buyers 20 -> 23, ...". */
  static List<String> diff(Map<String, Map<String, Object>> before, Map<String, Map<String, Object>> after) {
    List<String> out = new ArrayList<>();
    TreeMap<String, Boolean> keys = new TreeMap<>();
    before.keySet().forEach(k -> keys.put(k, true));
    after.keySet().forEach(k -> keys.put(k, true));
    for (String k : keys.keySet()) {
      Map<String, Object> b = before.get(k);
      Map<String, Object> a = after.get(k);
      if (b == null) {
        out.add(k + ": new");
        continue;
      }
      if (a == null) {
        out.add(k + ": no data any more");
        continue;
      }
      StringBuilder line = new StringBuilder();
      for (String c : COMPARED) {
        if (!same(b.get(c), a.get(c))) {
          line.append(line.isEmpty() ? "" : ", ").append(c).append(' ').append(b.get(c)).append(" -> ").append(a.get(c));
        }
      }
      if (!line.isEmpty()) {
        out.add(k + ": " + line);
      }
    }
    return out;
  }

  private static boolean same(Object x, Object y) {
    if (x instanceof java.math.BigDecimal a && y instanceof java.math.BigDecimal b) {
      return a.compareTo(b) == 0;
    }
    return Objects.equals(x, y);
  }
}
