package com.servicekpi.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The KPI spec (v1, §2-§5) as DuckDB SQL over the Parquet inputs that
 * {@code generate --format parquet} writes: the single-machine tool an analyst would pick instead
 * of Spark. The benchmark times it on the same files as the job; the tests compare its tables
 * with the job's (a second, independent implementation: SQL windows instead of Spark's).
 *
 * <p>Scope: Parquet input with clean rows (no validation, no rejected rows); default parameters
 * (answer window 24 h, conversion window 1 day, satisfied >= 4, dissatisfied <= 2).
 *
 * <p>{@code java ... DuckDbKpi INPUT OUTPUT [ZONE]} writes OUTPUT/TABLE/*.parquet and prints the
 * time taken.
 */
public final class DuckDbKpi {
  private DuckDbKpi() {}

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    String zone = args.length > 2 ? args[2] : "Asia/Shanghai";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      compute(c, args[0], zone);
      for (String t : List.of("receptions", "agent_daily", "team_daily", "agent_monthly", "team_monthly")) {
        Path dir = Path.of(args[1], t);
        Files.createDirectories(dir);
        exec(c, "COPY " + t + " TO '" + dir.resolve("data.parquet") + "' (FORMAT parquet)");
      }
    }
    System.out.printf("duckdb computed the tables in %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  /** Creates the five tables (and helpers) in the connection's database. */
  public static void compute(Connection c, String input, String zone) throws SQLException {
    exec(c, "SET TimeZone = '" + zone + "'");
    String z = "'" + zone + "'";
    view(c, "raw_messages", input + "/messages", "sent_at");
    view(c, "raw_ratings", input + "/ratings", "rated_at");
    view(c, "raw_orders", input + "/orders", "created_at", "paid_at");
    view(c, "raw_roster", input + "/roster");

    // §2.1-2.3: duplicates dropped, system and unrouted messages out, bots ignored
    exec(c, "CREATE OR REPLACE TABLE msgs AS SELECT buyer_id, agent_id, sender, message_id, "
        + ts("sent_at") + " AS sent_at, CAST(timezone(" + z + ", " + ts("sent_at") + ") AS DATE) AS d "
        + "FROM (SELECT *, row_number() OVER (PARTITION BY message_id ORDER BY sent_at) AS n FROM raw_messages) "
        + "WHERE n = 1 AND sender IN ('buyer', 'agent') AND agent_id IS NOT NULL");
    // §2.4: a buyer message opens a round unless the previous message of the conversation is a
    // buyer message of the same local date; the message after a round's last buyer message
    // answers it when it is the agent's and comes within 24 hours of the round's start
    exec(c, "CREATE OR REPLACE TABLE rounds AS "
        + "WITH m AS (SELECT *, lag(sender) OVER w AS prev_sender, lag(d) OVER w AS prev_d, "
        + "  lead(sender) OVER w AS next_sender, lead(sent_at) OVER w AS next_at FROM msgs "
        + "  WINDOW w AS (PARTITION BY buyer_id, agent_id ORDER BY sent_at, message_id)), "
        + "b AS (SELECT *, CASE WHEN prev_sender IS NULL OR prev_sender = 'agent' OR prev_d <> d THEN 1 ELSE 0 END AS opens "
        + "  FROM m WHERE sender = 'buyer'), "
        + "r AS (SELECT *, sum(opens) OVER (PARTITION BY buyer_id, agent_id ORDER BY sent_at, message_id "
        + "  ROWS UNBOUNDED PRECEDING) AS round_no FROM b) "
        + "SELECT buyer_id, agent_id, round_no, min(sent_at) AS start_at, arg_min(d, sent_at) AS d, "
        + "  arg_min(message_id, (sent_at, message_id)) AS first_id, "
        + "  max(CASE WHEN next_sender = 'agent' THEN next_at END) AS answer_at "
        + "FROM r GROUP BY buyer_id, agent_id, round_no");
    exec(c, "CREATE OR REPLACE TABLE rounds2 AS SELECT *, "
        + "CASE WHEN answer_at IS NOT NULL AND epoch(answer_at) - epoch(start_at) <= 86400 "
        + "  THEN epoch(answer_at) - epoch(start_at) END AS response_s FROM rounds");
    // roster: the row valid on a date; none: _unassigned, role other
    exec(c, "CREATE OR REPLACE TABLE roster AS SELECT agent_id, agent_name, team_id, team_name, role, "
        + "CAST(valid_from AS DATE) AS valid_from, CAST(valid_to AS DATE) AS valid_to FROM raw_roster");
    // §2.5: receptions with their team and role that day
    exec(c, "CREATE OR REPLACE TABLE rec AS "
        + "WITH x AS (SELECT *, row_number() OVER (PARTITION BY d, agent_id, buyer_id ORDER BY start_at, first_id) AS k FROM rounds2) "
        + "SELECT x.d, x.agent_id, x.buyer_id, count(*) AS rounds, count(response_s) AS answered_rounds, "
        + "  count(response_s) > 0 AS replied, max(CASE WHEN k = 1 THEN response_s END) AS first_response_s, "
        + "  sum(response_s) AS response_sum_s, min(start_at) AS first_message_at "
        + "FROM x GROUP BY x.d, x.agent_id, x.buyer_id");
    exec(c, "CREATE OR REPLACE TABLE receptions AS SELECT r.*, ro.agent_name, coalesce(ro.team_id, '_unassigned') AS team_id, "
        + "ro.team_name, coalesce(ro.role, 'other') AS role FROM rec r LEFT JOIN roster ro ON ro.agent_id = r.agent_id "
        + "AND ro.valid_from <= r.d AND (ro.valid_to IS NULL OR r.d < ro.valid_to)");
    // §4: attribution of orders to inquiries: same buyer, first message at or before the order,
    // dated no earlier than the order's date minus 1; the latest, then the smaller agent id
    exec(c, "CREATE OR REPLACE TABLE orders AS SELECT order_id, buyer_id, " + ts("created_at") + " AS created_at, "
        + ts("paid_at") + " AS paid_at, CAST(amount AS DECIMAL(18,2)) AS amount, "
        + "CAST(timezone(" + z + ", " + ts("created_at") + ") AS DATE) AS od FROM raw_orders");
    exec(c, "CREATE OR REPLACE TABLE attributed AS SELECT order_id, d, agent_id, buyer_id, paid_at, amount FROM ("
        + "SELECT o.order_id, o.paid_at, o.amount, i.d, i.agent_id, i.buyer_id, row_number() OVER ("
        + "  PARTITION BY o.order_id ORDER BY i.first_message_at DESC, i.agent_id) AS k "
        + "FROM orders o JOIN receptions i ON i.buyer_id = o.buyer_id AND i.role = 'presale' "
        + "AND i.first_message_at <= o.created_at AND i.d >= o.od - INTERVAL 1 DAY) WHERE k = 1");
    exec(c, "CREATE OR REPLACE TABLE rfacts AS SELECT r.d, r.agent_id, r.agent_name, r.team_id, r.team_name, r.buyer_id, "
        + "r.rounds, r.answered_rounds, r.replied, r.first_response_s, r.response_sum_s, r.role = 'presale' AS inquiry, "
        + "r.role = 'presale' AND a.n > 0 AS ordered, r.role = 'presale' AND a.paid > 0 AS paid, "
        + "CASE WHEN r.role = 'presale' THEN coalesce(a.sales, 0) ELSE 0 END AS sales_amount, "
        + "false AS is_rating, NULL::BOOLEAN AS satisfied, NULL::BOOLEAN AS dissatisfied "
        + "FROM receptions r LEFT JOIN (SELECT d, agent_id, buyer_id, count(*) AS n, count(paid_at) AS paid, "
        + "  sum(CASE WHEN paid_at IS NOT NULL THEN amount END) AS sales FROM attributed GROUP BY ALL) a "
        + "ON a.d = r.d AND a.agent_id = r.agent_id AND a.buyer_id = r.buyer_id");
    // §3: ratings, latest per (agent, buyer, local date), a tie: the higher score
    exec(c, "CREATE OR REPLACE TABLE sfacts AS WITH x AS (SELECT agent_id, buyer_id, CAST(score AS INT) AS score, "
        + ts("rated_at") + " AS rated_at, CAST(timezone(" + z + ", " + ts("rated_at") + ") AS DATE) AS d FROM raw_ratings), "
        + "y AS (SELECT *, row_number() OVER (PARTITION BY agent_id, buyer_id, d ORDER BY rated_at DESC, score DESC) AS k FROM x) "
        + "SELECT y.d, y.agent_id, ro.agent_name, coalesce(ro.team_id, '_unassigned') AS team_id, ro.team_name, y.buyer_id, "
        + "NULL::BIGINT AS rounds, NULL::BIGINT AS answered_rounds, NULL::BOOLEAN AS replied, NULL::DOUBLE AS first_response_s, "
        + "NULL::DOUBLE AS response_sum_s, NULL::BOOLEAN AS inquiry, NULL::BOOLEAN AS ordered, NULL::BOOLEAN AS paid, "
        + "NULL::DECIMAL(18,2) AS sales_amount, true AS is_rating, y.score >= 4 AS satisfied, y.score <= 2 AS dissatisfied "
        + "FROM y LEFT JOIN roster ro ON ro.agent_id = y.agent_id AND ro.valid_from <= y.d AND (ro.valid_to IS NULL OR y.d < ro.valid_to) "
        + "WHERE k = 1");
    exec(c, "CREATE OR REPLACE TABLE facts AS SELECT *, strftime(d, '%Y-%m') AS month FROM ("
        + "SELECT * FROM rfacts UNION ALL BY NAME SELECT * FROM sfacts)");
    exec(c, "CREATE OR REPLACE TABLE tfacts AS SELECT * FROM facts UNION ALL BY NAME "
        + "SELECT * REPLACE ('_all' AS team_id, NULL::VARCHAR AS team_name) FROM facts");

    exec(c, "CREATE OR REPLACE TABLE agent_daily AS " + aggregate("facts", "d AS date, agent_id", "d, agent_id",
        LATEST_AGENT, false));
    exec(c, "CREATE OR REPLACE TABLE team_daily AS " + aggregate("tfacts", "d AS date, team_id", "d, team_id",
        "max(team_name) AS team_name", true));
    exec(c, "CREATE OR REPLACE TABLE agent_monthly AS " + aggregate("facts", "month, agent_id", "month, agent_id",
        LATEST_AGENT, false));
    exec(c, "CREATE OR REPLACE TABLE team_monthly AS " + aggregate("tfacts", "month, team_id", "month, team_id",
        "arg_max({'v': team_name}, d).v AS team_name", true));
    exec(c, "CREATE OR REPLACE TABLE receptions AS SELECT d AS date, agent_id, agent_name, team_id, team_name, role, buyer_id, "
        + "first_message_at, rounds, answered_rounds, replied, first_response_s, response_sum_s FROM receptions");
  }

  /** The agent's attributes on the latest date of the group (arg_max alone would skip nulls). */
  private static final String LATEST_AGENT = "arg_max({'n': agent_name, 't': team_id, 'tn': team_name}, d).n AS agent_name, "
      + "arg_max({'n': agent_name, 't': team_id, 'tn': team_name}, d).t AS team_id, "
      + "arg_max({'n': agent_name, 't': team_id, 'tn': team_name}, d).tn AS team_name";

  /**
   * §5: the metric columns from the facts, for one grain; sums and counts first, divided last.
   * The average order value is rounded half up in whole cents with integer arithmetic (DuckDB's
   * decimal division goes through a double).
   */
  private static String aggregate(String facts, String select, String groupBy, String attributes, boolean team) {
    String buyers = team
        ? "count(DISTINCT CASE WHEN %s THEN (d, buyer_id) END)"
        : "count(CASE WHEN %s THEN 1 END)";
    return "SELECT *, CASE WHEN receptions > 0 THEN replied / receptions END AS response_rate, "
        + "CASE WHEN answered_rounds > 0 THEN resp_sum / answered_rounds END AS response_avg_s, "
        + "CASE WHEN ratings > 0 THEN satisfied / ratings END AS satisfaction_rate, "
        + "CASE WHEN inquiries > 0 THEN ordered_buyers / inquiries END AS inquiry_conversion_rate, "
        + "CASE WHEN inquiries > 0 THEN paid_buyers / inquiries END AS paid_conversion_rate, "
        + "CASE WHEN paid_buyers > 0 THEN (((CAST(sales_amount * 100 AS BIGINT) * 2 + paid_buyers) // (2 * paid_buyers)) / 100)::DECIMAL(18,2) END AS avg_order_value, "
        // the inputs it reads have no calls (spec §6.4: then 0 and null)
        + "0::BIGINT AS calls_answered, NULL::DOUBLE AS handle_avg_s "
        + "FROM (SELECT " + select + ", " + attributes + ", "
        + "count(CASE WHEN NOT is_rating THEN 1 END) AS receptions, count(CASE WHEN replied THEN 1 END) AS replied, "
        + "coalesce(sum(answered_rounds), 0)::BIGINT AS answered_rounds, coalesce(sum(rounds), 0)::BIGINT AS rounds, "
        + "avg(first_response_s) AS first_response_avg_s, quantile_cont(first_response_s, 0.5) AS first_response_p50_s, "
        + "quantile_cont(first_response_s, 0.9) AS first_response_p90_s, sum(response_sum_s) AS resp_sum, "
        + "count(CASE WHEN is_rating THEN 1 END) AS ratings, count(CASE WHEN satisfied THEN 1 END) AS satisfied, "
        + "count(CASE WHEN dissatisfied THEN 1 END) AS dissatisfied, "
        + String.format(buyers, "inquiry") + " AS inquiries, " + String.format(buyers, "ordered") + " AS ordered_buyers, "
        + String.format(buyers, "paid") + " AS paid_buyers, "
        + "coalesce(sum(sales_amount), 0)::DECIMAL(18,2) AS sales_amount"
        + (team ? ", count(DISTINCT CASE WHEN NOT is_rating THEN agent_id END) AS agents" : "")
        + " FROM " + facts + " GROUP BY " + groupBy + ")";
  }

  /** A timestamp column of the raw views, already an instant (see above). */
  private static String ts(String column) {
    return column;
  }

  /**
   * A view over a source folder's Parquet files whose timestamp columns are instants. Spark writes
   * Parquet timestamps as INT96, which DuckDB reads as zone-less TIMESTAMPs holding UTC.
   */
  private static void view(Connection c, String name, String folder, String... timestamps) throws SQLException {
    String scan = "read_parquet('" + folder + "/**/*.parquet', hive_partitioning = false)";
    List<String> fixes = new java.util.ArrayList<>();
    for (String t : timestamps) {
      try (ResultSet r = query(c, "SELECT column_type FROM (DESCRIBE SELECT * FROM " + scan + ") WHERE column_name = '" + t + "'")) {
        r.next();
        if (!r.getString(1).contains("WITH TIME ZONE")) {
          fixes.add("timezone('UTC', " + t + ") AS " + t);
        }
      }
    }
    exec(c, "CREATE OR REPLACE VIEW " + name + " AS SELECT *" + (fixes.isEmpty() ? "" : " REPLACE (" + String.join(", ", fixes) + ")")
        + " FROM " + scan);
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new SQLException(e.getMessage() + "\n  in: " + sql, e);
    }
  }

  static ResultSet query(Connection c, String sql) throws SQLException {
    return c.createStatement().executeQuery(sql);
  }
}
