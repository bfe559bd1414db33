package com.servicekpi.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Spec §6 (calls) as DuckDB SQL over a contract {@code calls} folder of CSV files: the row rules,
 * copies and conflicting versions, and the three queue tables, with default settings (short
 * abandon 5 s, service level 20 s, 30-minute intervals, target 0.80). An implementation written
 * apart from the job's, for the differential test; {@code required_agents} is computed here from
 * the Erlang C formula as the spec writes it (powers and factorials, in logarithms).
 */
public final class DuckDbCalls {
  private DuckDbCalls() {}

  /** Writes OUTPUT/queue_daily, queue_monthly and queue_intervals as Parquet. */
  public static void compute(String callsFolder, String output, String zone) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      exec(c, "SET TimeZone = '" + zone + "'");
      exec(c, "CREATE TABLE raw AS SELECT * FROM read_csv('" + callsFolder + "/*.csv', header = true, all_varchar = true)");
      exec(c, "CREATE TABLE typed AS SELECT call_id, caller_id, coalesce(nullif(trim(queue_id), ''), '_default') AS queue_id, "
          + "nullif(trim(agent_id), '') AS agent_id, TRY_CAST(offered_at AS TIMESTAMPTZ) AS offered_at, "
          + "TRY_CAST(nullif(trim(answered_at), '') AS TIMESTAMPTZ) AS answered_at, TRY_CAST(ended_at AS TIMESTAMPTZ) AS ended_at, "
          + "coalesce(TRY_CAST(nullif(trim(wrap_s), '') AS DOUBLE), 0) AS wrap_s, nullif(trim(wrap_s), '') AS wrap_text FROM raw");
      exec(c, "CREATE TABLE valid AS SELECT * FROM typed WHERE call_id IS NOT NULL AND offered_at IS NOT NULL "
          + "AND ended_at IS NOT NULL AND (wrap_text IS NULL OR TRY_CAST(wrap_text AS DOUBLE) >= 0) "
          + "AND (answered_at IS NULL OR answered_at >= offered_at) "
          + "AND ((answered_at IS NULL AND ended_at >= offered_at) OR (answered_at IS NOT NULL AND ended_at >= answered_at))");
      // one call per id whose copies all agree; an id with two contents is left out entirely
      exec(c, "CREATE TABLE calls AS SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY call_id) AS n, "
          + "count(DISTINCT (caller_id, queue_id, agent_id, offered_at, answered_at, ended_at, wrap_s)) "
          + "OVER (PARTITION BY call_id) AS versions FROM valid) WHERE n = 1 AND versions = 1");
      exec(c, "CREATE TABLE facts AS SELECT queue_id, agent_id, CAST(offered_at AS DATE) AS d, "
          + "strftime(CAST(offered_at AS DATE), '%Y-%m') AS m, "
          + "lpad(CAST(extract(hour FROM offered_at) AS VARCHAR), 2, '0') || ':' "
          + "|| lpad(CAST((extract(minute FROM offered_at) // 30) * 30 AS VARCHAR), 2, '0') AS iv, "
          + "answered_at IS NOT NULL AS answered, "
          + "answered_at IS NULL AND epoch(ended_at) - epoch(offered_at) < 5 AS short, "
          + "answered_at IS NULL AND NOT (epoch(ended_at) - epoch(offered_at) < 5) AS abandoned, "
          + "answered_at IS NOT NULL AND epoch(answered_at) - epoch(offered_at) <= 20 AS in_sl, "
          + "CASE WHEN answered_at IS NOT NULL THEN epoch(answered_at) - epoch(offered_at) END AS speed, "
          + "CASE WHEN answered_at IS NOT NULL THEN epoch(ended_at) - epoch(answered_at) + wrap_s END AS handle FROM calls");
      String counts = "count(*) AS offered, count(*) FILTER (WHERE answered) AS answered, "
          + "count(*) FILTER (WHERE abandoned) AS abandoned, count(*) FILTER (WHERE short) AS short_abandoned, "
          + "count(*) FILTER (WHERE in_sl) AS answered_in_sl, "
          + "CASE WHEN count(*) FILTER (WHERE NOT short) > 0 THEN count(*) FILTER (WHERE answered) / count(*) FILTER (WHERE NOT short) END AS answer_rate, "
          + "CASE WHEN count(*) FILTER (WHERE NOT short) > 0 THEN count(*) FILTER (WHERE abandoned) / count(*) FILTER (WHERE NOT short) END AS abandon_rate, "
          + "CASE WHEN count(*) FILTER (WHERE NOT short) > 0 THEN count(*) FILTER (WHERE in_sl) / count(*) FILTER (WHERE NOT short) END AS service_level, "
          + "avg(speed) AS asa_s, quantile_cont(speed, 0.9) AS answer_p90_s, avg(handle) AS aht_s, "
          + "count(DISTINCT agent_id) FILTER (WHERE answered) AS agents";
      for (String[] t : new String[][] {{"queue_daily", "d", "date"}, {"queue_monthly", "m", "month"}}) {
        exec(c, "CREATE TABLE " + t[0] + " AS SELECT " + t[1] + " AS " + t[2] + ", queue_id, " + counts
            + " FROM facts GROUP BY " + t[1] + ", queue_id UNION ALL SELECT " + t[1] + ", '_all', " + counts
            + " FROM facts GROUP BY " + t[1]);
      }
      exec(c, "CREATE TABLE iv AS SELECT d AS date, queue_id, iv AS interval, count(*) AS offered, "
          + "count(*) FILTER (WHERE answered) AS answered, count(*) FILTER (WHERE abandoned) AS abandoned, "
          + "count(*) FILTER (WHERE short) AS short_abandoned, count(*) FILTER (WHERE in_sl) AS answered_in_sl, "
          + "CASE WHEN count(*) FILTER (WHERE NOT short) > 0 THEN count(*) FILTER (WHERE in_sl) / count(*) FILTER (WHERE NOT short) END AS service_level, "
          + "avg(speed) AS asa_s, avg(handle) AS aht_s, CAST(NULL AS BIGINT) AS required_agents "
          + "FROM facts GROUP BY d, queue_id, iv");
      List<Object[]> required = new ArrayList<>();
      try (Statement s = c.createStatement();
           ResultSet r = s.executeQuery("SELECT date, queue_id, interval, offered - short_abandoned, aht_s FROM iv")) {
        while (r.next()) {
          double aht = r.getDouble(5);
          Long n = r.wasNull() ? null : requiredAgents((r.getLong(4) * aht) / 1800.0, aht);
          required.add(new Object[] {r.getObject(1), r.getString(2), r.getString(3), n});
        }
      }
      try (PreparedStatement p = c.prepareStatement(
          "UPDATE iv SET required_agents = ? WHERE date = ? AND queue_id = ? AND interval = ?")) {
        for (Object[] row : required) {
          p.setObject(1, row[3]);
          p.setObject(2, row[0]);
          p.setString(3, (String) row[1]);
          p.setString(4, (String) row[2]);
          p.executeUpdate();
        }
      }
      for (String[] t : new String[][] {{"queue_daily", "queue_daily"}, {"queue_monthly", "queue_monthly"},
          {"iv", "queue_intervals"}}) {
        Path dir = Path.of(output, t[1]);
        Files.createDirectories(dir);
        exec(c, "COPY " + t[0] + " TO '" + dir.resolve("data.parquet") + "' (FORMAT parquet)");
      }
    }
  }

  /**
   * The smallest N > A with 1 − C(N, A)·exp(−(N − A)·20 / aht) ≥ 0.80, C as the spec writes it:
   * (A^N/N!)·N/(N − A) / (Σ_{k<N} A^k/k! + (A^N/N!)·N/(N − A)), each term in logarithms.
   */
  static Long requiredAgents(double a, double aht) {
    if (a <= 0) {
      return null;
    }
    for (long n = (long) Math.floor(a) + 1; n < a + 10_000; n++) {
      double top = Math.exp(n * Math.log(a) - logFactorial(n)) * n / (n - a);
      double sum = 0;
      for (long k = 0; k < n; k++) {
        sum += Math.exp(k * Math.log(a) - logFactorial(k));
      }
      double c = top / (sum + top);
      if (1 - c * Math.exp(-(n - a) * 20 / aht) >= 0.80) {
        return n;
      }
    }
    return null;
  }

  private static double logFactorial(long n) {
    double s = 0;
    for (long i = 2; i <= n; i++) {
      s += Math.log(i);
    }
    return s;
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
