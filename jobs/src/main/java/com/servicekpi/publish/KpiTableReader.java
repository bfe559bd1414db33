package com.servicekpi.publish;

import static org.apache.spark.sql.functions.col;

import com.servicekpi.marts.OutputTable;
import com.servicekpi.reports.KpiRow;
import com.servicekpi.reports.Metric;
import com.servicekpi.sources.InputException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads the KPI tables under an output root (never the raw logs) for the reports. */
public final class KpiTableReader {
  private final SparkSession spark;
  private final String root;

  public KpiTableReader(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root;
  }

  /** The rows of a table whose partition column is one of the values, as KpiRows. */
  public List<KpiRow> rows(OutputTable table, List<String> values) {
    String partition = table.partition;
    Path p = new Path(root, table.table);
    try {
      if (!p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
        throw new InputException("no table " + table + " under " + root + ": run `service-kpi run` first.");
      }
    } catch (IOException e) {
      throw new InputException("cannot read " + p + ": " + e.getMessage(), e);
    }
    List<KpiRow> out = new ArrayList<>();
    for (java.util.Map<String, Object> r : maps(spark.read().parquet(p.toString())
        .filter(col(partition).cast("string").isin(values.toArray())), partition)) {
      out.add(kpiRow(r, (String) r.get(partition), "team_id", "team_name"));
    }
    return out;
  }

  /**
   * A row of an agent, team or group table as the reports read it: the unit's id and name
   * columns (team_id and team_name, or group_id and group_name) in the team fields, and the agent's
   * when the table has them.
   */
  public static KpiRow kpiRow(java.util.Map<String, Object> r, String period, String idColumn, String nameColumn) {
    java.util.Map<Metric, Double> values = new java.util.EnumMap<>(Metric.class);
    for (Metric m : Metric.values()) {
      Object v = r.get(m.column);
      values.put(m, v == null ? null : ((Number) v).doubleValue());
    }
    return new KpiRow(period, (String) r.get(idColumn), (String) r.get(nameColumn), (String) r.get("agent_id"),
        (String) r.get("agent_name"), (Long) r.get("receptions"), (Long) r.get("ratings"),
        (BigDecimal) r.get(Metric.SALES.column), values);
  }

  /**
   * The rows of a table whose partition column is one of the values, as maps of column to value;
   * none when the table does not exist (the queue tables exist only for an input with calls).
   */
  public List<java.util.Map<String, Object>> records(OutputTable table, List<String> values) {
    Dataset<Row> df = optional(table);
    return df == null ? List.of()
        : maps(df.filter(col(table.partition).cast("string").isin(values.toArray())), table.partition);
  }

  /** A table that may not exist (null then). */
  private Dataset<Row> optional(OutputTable table) {
    Path p = new Path(root, table.table);
    try {
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)
          ? spark.read().parquet(p.toString()) : null;
    } catch (IOException e) {
      throw new InputException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /** Rows as maps of column to value, the partition column (if any) as text. */
  private static List<java.util.Map<String, Object>> maps(Dataset<Row> df, String partition) {
    String[] cols = df.columns();
    List<java.util.Map<String, Object>> out = new ArrayList<>();
    for (Row r : df.collectAsList()) {
      java.util.Map<String, Object> m = new java.util.HashMap<>();
      for (int i = 0; i < cols.length; i++) {
        Object v = r.get(i);
        m.put(cols[i], cols[i].equals(partition) ? String.valueOf(v) : v);
      }
      out.add(m);
    }
    return out;
  }

  /** Every row of a table that is not partitioned (training_effect); none when it does not exist. */
  public List<java.util.Map<String, Object>> all(OutputTable table) {
    Dataset<Row> df = optional(table);
    return df == null ? List.of() : maps(df, null);
  }

  /** The months present in team_monthly. */
  public List<String> months() {
    Column m = col("month").cast("string");
    return spark.read().parquet(new Path(root, OutputTable.TEAM_MONTHLY.table).toString()).select(m).distinct().orderBy(m)
        .collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  /**
   * The text of the newest run summary under _runs/ of a run that succeeded (failed runs are
   * recorded there too, and published nothing), or null.
   */
  public String latestRunSummary() {
    try {
      Path runs = new Path(root, "_runs");
      FileSystem fs = runs.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(runs)) {
        return null;
      }
      List<Path> summaries = new ArrayList<>();
      for (FileStatus f : fs.listStatus(runs)) {
        if (f.getPath().getName().endsWith(".json")) {
          summaries.add(f.getPath());
        }
      }
      // run ids start with the UTC start time: newest last by name
      summaries.sort(java.util.Comparator.comparing(Path::getName).reversed());
      for (Path p : summaries) {
        try (var in = fs.open(p)) {
          String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          if (text.matches("(?s).*\"status\"\\s*:\\s*\"succeeded\".*")) {
            return text;
          }
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }
}
