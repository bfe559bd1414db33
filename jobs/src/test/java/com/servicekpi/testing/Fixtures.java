package com.servicekpi.testing;

import com.servicekpi.formats.InputReader;
import com.servicekpi.marts.KpiPipeline;
import com.servicekpi.sources.Source;
import com.servicekpi.staging.MessageTally;
import com.servicekpi.staging.Validate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;


/**
 * Tiny hand-written inputs. Each row is a CSV-like line with the source's columns in the order of
 * {@link Source#columns()} (required first, then optional); missing trailing values are null.
 * Timestamps without an offset are local time in {@link TestSpark#ZONE}.
 */
public final class Fixtures {
  private Fixtures() {}

  /** message_id,buyer_id,sender,sent_at,agent_id[,session_id,channel] */
  public static Dataset<Row> messages(String... rows) {
    return MessageTally.deduplicate(valid(Validate.messages(raw(Source.MESSAGES, rows))));
  }

  /** agent_id,buyer_id,rated_at,score */
  public static Dataset<Row> ratings(String... rows) {
    return valid(Validate.ratings(raw(Source.RATINGS, rows)));
  }

  /** order_id,buyer_id,created_at,amount[,paid_at] */
  public static Dataset<Row> orders(String... rows) {
    return valid(Validate.orders(raw(Source.ORDERS, rows)));
  }

  /** agent_id,team_id,role,valid_from[,agent_name,team_name,valid_to] */
  public static Dataset<Row> roster(String... rows) {
    return valid(Validate.roster(raw(Source.ROSTER, rows)));
  }

  /** call_id,offered_at,ended_at[,caller_id,queue_id,agent_id,answered_at,wrap_s] */
  public static Dataset<Row> calls(String... rows) {
    return valid(Validate.calls(raw(Source.CALLS, rows)));
  }

  /** No answered calls, as the agent tables take them. */
  public static Dataset<Row> noCalls() {
    return com.servicekpi.model.Calls.agentFacts(com.servicekpi.model.Calls.facts(calls(), defaults().calls()));
  }

  public static Dataset<Row> raw(Source source, String... rows) {
    StructType schema = new StructType();
    for (String c : source.columns()) {
      schema = schema.add(c, DataTypes.StringType, true);
    }
    schema = schema.add(InputReader.FILE_COL, DataTypes.StringType, true);
    List<Row> out = new ArrayList<>();
    int n = source.columns().size();
    for (String r : rows) {
      String[] parts = r.split(",", -1);
      Object[] values = new Object[n + 1];
      for (int i = 0; i < n; i++) {
        values[i] = i < parts.length && !parts[i].isEmpty() ? parts[i].trim() : null;
      }
      values[n] = "fixture";
      out.add(RowFactory.create(values));
    }
    return TestSpark.session().createDataFrame(out, schema);
  }

  public static Dataset<Row> valid(Dataset<Row> typed) {
    return Validate.usable(typed);
  }

  public static KpiPipeline.Params defaults() {
    return new KpiPipeline.Params(24L * 3600 * 1_000_000, 1, 4, 2);
  }

  /** Runs the whole pipeline with the default parameters over every date. */
  public static KpiPipeline.Tables tables(Dataset<Row> messages, Dataset<Row> ratings, Dataset<Row> orders, Dataset<Row> roster) {
    return KpiPipeline.compute(new KpiPipeline.Inputs(messages, ratings, orders, roster), defaults(), null);
  }

  public static Dataset<Row> noRatings() {
    return ratings();
  }

  public static Dataset<Row> noOrders() {
    return orders();
  }

  /** Rows as maps, sorted by the given columns' string values. */
  public static List<Map<String, Object>> rows(Dataset<Row> df, String... sortBy) {
    List<Map<String, Object>> out = new ArrayList<>();
    String[] cols = df.columns();
    for (Row r : df.collectAsList()) {
      Map<String, Object> m = new HashMap<>();
      for (int i = 0; i < cols.length; i++) {
        m.put(cols[i], r.get(i));
      }
      out.add(m);
    }
    out.sort((a, b) -> {
      for (String k : sortBy) {
        int c = String.valueOf(a.get(k)).compareTo(String.valueOf(b.get(k)));
        if (c != 0) {
          return c;
        }
      }
      return 0;
    });
    return out;
  }

  /** The single row whose columns equal the given key/value pairs. */
  public static Map<String, Object> row(Dataset<Row> df, String... keyValues) {
    List<Map<String, Object>> match = new ArrayList<>();
    for (Map<String, Object> m : rows(df)) {
      boolean ok = true;
      for (int i = 0; i < keyValues.length; i += 2) {
        ok &= String.valueOf(m.get(keyValues[i])).equals(keyValues[i + 1]);
      }
      if (ok) {
        match.add(m);
      }
    }
    if (match.size() != 1) {
      throw new AssertionError("expected one row with " + Arrays.toString(keyValues) + ", found " + match.size() + ": " + match);
    }
    return match.get(0);
  }
}
