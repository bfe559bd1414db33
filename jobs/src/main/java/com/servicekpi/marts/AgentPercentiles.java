package com.servicekpi.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.unix_date;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The median and 90th percentile of the first response times of every agent-day and agent-month
 * (spec §5), exact and linearly interpolated as {@link Aggregates#percentiles} and Spark's
 * {@code percentile} compute them.
 *
 * <p>The values are shuffled by agent once, narrow (agent, day number, value), and sorted by
 * (agent, date) within each partition; one pass then meets each agent-month's values together,
 * day after day. A day's values are sorted in a {@code double[]} when the day ends, the month's when
 * it ends: an array holds at most one agent-month's first responses (a few thousand for a busy
 * agent), and the sort of all the values is Spark's, which spills to disk when a partition
 * outgrows memory. Before, every value was copied into an agent-day row and an agent-month row
 * and ranked by two window frames over a sort by (agent, period, table, value): at 50M messages
 * that stage took 54.8 s of CPU, this one 14.6 s (one pair of runs; `git log -p docs/benchmarks.md`).
 */
public final class AgentPercentiles {
  /** The rows {@link #of} returns: the keys that {@link Aggregates} joins on, and p50, p90. */
  static final StructType SCHEMA = new StructType()
      .add("table", DataTypes.StringType).add("period", DataTypes.StringType).add("id", DataTypes.StringType)
      .add("p50", DataTypes.DoubleType).add("p90", DataTypes.DoubleType);

  private AgentPercentiles() {}

  /**
   * @param answered reception facts with a first response: agent_id, date, first_response_s
   * @return table ({@code agent_daily} or {@code agent_monthly}), period (yyyy-MM-dd or yyyy-MM),
   *     id (the agent), p50, p90
   */
  static Dataset<Row> of(Dataset<Row> answered, String dailyTable, String monthlyTable) {
    return answered.select(col("agent_id").as("id"), unix_date(col("date")).as("day"), col("first_response_s").as("v"))
        .repartition(col("id"))
        .sortWithinPartitions("id", "day")
        .mapPartitions(new Partition(dailyTable, monthlyTable), Encoders.row(SCHEMA));
  }

  /**
   * The value at position (n - 1) * p of n sorted values, interpolated between its neighbours
   * (the same arithmetic as {@link Aggregates#percentiles}, so the same double).
   */
  static double percentile(double[] sorted, int n, double p) {
    double pos = (n - 1) * p;
    double floor = Math.floor(pos);
    double ceil = Math.ceil(pos);
    double lo = sorted[(int) floor];
    double hi = sorted[(int) ceil];
    return lo == hi ? lo : (ceil - pos) * lo + (pos - floor) * hi;
  }

  /** One partition of (id, day, v) rows sorted by (id, day): a row per agent-day and agent-month. */
  static final class Partition implements MapPartitionsFunction<Row, Row> {
    private final String dailyTable;
    private final String monthlyTable;

    Partition(String dailyTable, String monthlyTable) {
      this.dailyTable = dailyTable;
      this.monthlyTable = monthlyTable;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return new Iterator<>() {
        private final List<Row> ready = new ArrayList<>();
        private int next;
        private String id;
        private int day;
        private LocalDate date;
        private double[] dayValues = new double[64];
        private int dayN;
        private double[] monthValues = new double[256];
        private int monthN;

        @Override
        public boolean hasNext() {
          while (next == ready.size()) {
            ready.clear();
            next = 0;
            if (!rows.hasNext()) {
              if (id == null) {
                return false;
              }
              endDay(true);
              id = null;
              break;
            }
            Row r = rows.next();
            String rowId = r.getString(0);
            int rowDay = r.getInt(1);
            boolean sameAgent = rowId.equals(id);
            if (!sameAgent || rowDay != day) {
              LocalDate rowDate = LocalDate.ofEpochDay(rowDay);
              if (id != null) {
                endDay(!sameAgent || !YearMonth.from(rowDate).equals(YearMonth.from(date)));
              }
              id = rowId;
              day = rowDay;
              date = rowDate;
            }
            if (dayN == dayValues.length) {
              dayValues = Arrays.copyOf(dayValues, dayN * 2);
            }
            dayValues[dayN++] = r.getDouble(2);
          }
          return next < ready.size();
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          return ready.get(next++);
        }

        /** Emits the day's row, and the month's when it ends too. */
        private void endDay(boolean monthEnds) {
          Arrays.sort(dayValues, 0, dayN);
          // As Spark casts a date to text (yyyy-MM-dd), the key the daily tables join on.
          ready.add(row(dailyTable, date.toString(), dayValues, dayN));
          if (monthN + dayN > monthValues.length) {
            monthValues = Arrays.copyOf(monthValues, Math.max(monthValues.length * 2, monthN + dayN));
          }
          System.arraycopy(dayValues, 0, monthValues, monthN, dayN);
          monthN += dayN;
          dayN = 0;
          if (monthEnds) {
            Arrays.sort(monthValues, 0, monthN);
            ready.add(row(monthlyTable, Aggregates.MONTH.format(date), monthValues, monthN));
            monthN = 0;
          }
        }

        private Row row(String table, String period, double[] sorted, int n) {
          return RowFactory.create(table, period, id, percentile(sorted, n, 0.5), percentile(sorted, n, 0.9));
        }
      };
    }
  }
}
