package com.servicekpi.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.servicekpi.model.Calls;
import com.servicekpi.model.Conversion;
import com.servicekpi.model.DateRange;
import com.servicekpi.model.Receptions;
import com.servicekpi.model.Rounds;
import com.servicekpi.model.Satisfaction;
import com.servicekpi.model.Teams;
import com.servicekpi.quality.Flags;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The whole computation of spec §2-§6 from typed, validated inputs to the tables. Pure: no
 * reading, no writing. A {@link DateRange} limits which dates are computed; the neighbouring data
 * that those dates depend on (answers after midnight, orders within the attribution window,
 * later inquiries that win last-touch) is kept, so a range gives the same rows as a full run.
 */
public final class KpiPipeline {
  private KpiPipeline() {}

  /**
   * Typed inputs: valid messages (de-duplicated, or with copies of an id that all agree, which
   * change no round: {@link com.servicekpi.staging.MessageTally#forRounds}), counted-to-be ratings, orders, roster.
   */
  public record Inputs(Dataset<Row> messages, Dataset<Row> ratings, Dataset<Row> orders, Dataset<Row> roster,
                       Dataset<Row> calls, Dataset<Row> groups, Dataset<Row> trainings) {
    /** Without calls, groups and trainings (a chat-only department). */
    public Inputs(Dataset<Row> messages, Dataset<Row> ratings, Dataset<Row> orders, Dataset<Row> roster) {
      this(messages, ratings, orders, roster, null, null, null);
    }

    /** Without groups and trainings. */
    public Inputs(Dataset<Row> messages, Dataset<Row> ratings, Dataset<Row> orders, Dataset<Row> roster,
                  Dataset<Row> calls) {
      this(messages, ratings, orders, roster, calls, null, null);
    }
  }

  /** The five tables of spec §5 and the attributed orders (for the run summary). */
  public record Tables(
      Dataset<Row> receptions, Dataset<Row> agentDaily, Dataset<Row> teamDaily,
      Dataset<Row> agentMonthly, Dataset<Row> teamMonthly, Dataset<Row> attributedOrders,
      Dataset<Row> ordersConsidered, Queues.Tables calls, Dataset<Row> groupDaily, Dataset<Row> groupMonthly,
      Dataset<Row> agentFlags, Dataset<Row> trainingEffect) {

    /**
     * Every table the run writes, in the order it writes them: name, partition column (null: not
     * partitioned) and rows. A table whose source the input lacks (calls, groups, trainings) is
     * not among them.
     */
    public List<Output> outputs() {
      List<Output> out = new ArrayList<>();
      for (OutputTable table : OutputTable.values()) {
        Dataset<Row> rows = switch (table) {
          case AGENT_DAILY -> agentDaily;
          case RECEPTIONS -> receptions;
          case TEAM_DAILY -> teamDaily;
          case AGENT_MONTHLY -> agentMonthly;
          case TEAM_MONTHLY -> teamMonthly;
          case QUEUE_DAILY -> calls == null ? null : calls.queueDaily();
          case QUEUE_INTERVALS -> calls == null ? null : calls.queueIntervals();
          case QUEUE_MONTHLY -> calls == null ? null : calls.queueMonthly();
          case GROUP_DAILY -> groupDaily;
          case GROUP_MONTHLY -> groupMonthly;
          case AGENT_FLAGS -> agentFlags;
          case TRAINING_EFFECT -> trainingEffect;
        };
        if (rows != null) {
          out.add(new Output(table, rows));
        }
      }
      return out;
    }
  }

  /** An output table of spec §5-§10: its name, its partition column (null: none), its rows. */
  public record Output(OutputTable table, Dataset<Row> rows) {
    public String name() {
      return table.table;
    }

    public String partition() {
      return table.partition;
    }
  }

  /** Metric parameters of the spec. */
  public record Params(long answerWindowMicros, int conversionWindowDays, int satisfiedMinScore,
                       int dissatisfiedMaxScore, Calls.Params calls, Flags.Params flags, int trainingWindowDays) {
    /**
     * With the default settings of spec §6 (5 s, 20 s, 30 minutes, 0.80), §9 (14 days) and §10
     * (10 receptions, 2 s, 3.5).
     */
    public Params(long answerWindowMicros, int conversionWindowDays, int satisfiedMinScore, int dissatisfiedMaxScore) {
      this(answerWindowMicros, conversionWindowDays, satisfiedMinScore, dissatisfiedMaxScore,
          new Calls.Params(5_000_000L, 20_000_000L, 1800, 0.80), new Flags.Params(10, 2.0, 3.5), 14);
    }
  }

  /** The local dates of each source that a run over a range needs. */
  public record InputWindows(DateRange messages, DateRange ratings, DateRange orders) {}

  /**
   * What a range needs of each source, as local dates: its whole months (the monthly tables are
   * recomputed), with messages from the conversion window before them (earlier inquiries that
   * orders may go to) to the conversion and answer windows after them, orders up to the
   * conversion window after them, and the ratings of the months.
   */
  public static InputWindows windows(DateRange range, Params p) {
    DateRange months = range.wholeMonths();
    int w = p.conversionWindowDays();
    // Rounds of a date depend only on messages from that date to the answer window after it.
    long windowDays = (p.answerWindowMicros() + 86_400_000_000L - 1) / 86_400_000_000L;
    return new InputWindows(
        new DateRange(months.from().minusDays(w), months.to().plusDays(w + windowDays)),
        months,
        new DateRange(months.from(), months.to().plusDays(w)));
  }

  /**
   * @param range the dates whose daily rows are wanted, or null for every date in the input; the
   *     monthly tables always cover whole months, so the computation runs over the months touched
   */
  public static Tables compute(Inputs in, Params p, DateRange range) {
    return compute(in, p, range, range);
  }

  /**
   * The sessions of spec §9 that a range restates: those whose before or after window touches a
   * date of the range (late data there changes their cohorts).
   */
  public static DateRange restatedSessions(DateRange range, int windowDays) {
    return new DateRange(range.from().minusDays(windowDays), range.to().plusDays(windowDays));
  }

  /**
   * The dates a range run computes: the range, widened to the windows of the training sessions
   * it restates ({@link #restatedSessions}) so that their cohorts see every agent-day.
   *
   * @param sessionDates the first and last trained_on of the sessions it restates, or null
   */
  public static DateRange span(DateRange range, LocalDate[] sessionDates, int windowDays) {
    if (range == null || sessionDates == null) {
      return range;
    }
    LocalDate from = sessionDates[0].minusDays(windowDays);
    LocalDate to = sessionDates[1].plusDays(windowDays);
    return new DateRange(from.isBefore(range.from()) ? from : range.from(), to.isAfter(range.to()) ? to : range.to());
  }

  /**
   * @param span the dates computed ({@link #span}): the range, or wider when training sessions
   *     need more agent-days; only the range's dates and months are returned
   */
  public static Tables compute(Inputs in, Params p, DateRange range, DateRange span) {
    int w = p.conversionWindowDays();
    Dataset<Row> messages = in.messages();
    Dataset<Row> orders = in.orders();
    Dataset<Row> ratings = in.ratings();
    DateRange months = range == null ? null : span.wholeMonths();
    DateRange outMonths = range == null ? null : range.wholeMonths();
    if (months != null) {
      InputWindows need = windows(span, p);
      messages = messages.filter(between("date", need.messages().from(), need.messages().to()));
      orders = orders.filter(between("order_date", need.orders().from(), need.orders().to()));
      ratings = ratings.filter(between("date", need.ratings().from(), need.ratings().to()));
    }

    Dataset<Row> receptions = Teams.assign(Receptions.of(Rounds.of(messages, p.answerWindowMicros())), in.roster())
        .persist(StorageLevel.MEMORY_AND_DISK());
    if (months != null) {
      // Receptions of partial neighbouring dates only serve as candidate inquiries.
      receptions = receptions.filter(between("date", months.from().minusDays(w), months.to().plusDays(w)));
    }
    Dataset<Row> attributed = Conversion.attribute(receptions.filter(col("role").equalTo("presale")), orders, w)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> inMonths = months == null ? receptions : receptions.filter(between("date", months.from(), months.to()));
    Dataset<Row> facts = Conversion.outcomes(inMonths, attributed)
        .withColumn("month", Aggregates.month(col("date")))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> ratingFacts = Satisfaction.counted(ratings, p.satisfiedMinScore(), p.dissatisfiedMaxScore());

    Dataset<Row> calls = in.calls();
    Dataset<Row> callFacts = null;
    Queues.Tables callTables = null;
    if (calls != null) {
      if (months != null) {
        calls = calls.filter(between("date", outMonths.from(), outMonths.to()));
      }
      callFacts = Calls.facts(calls, p.calls()).persist(StorageLevel.MEMORY_AND_DISK());
      callTables = Queues.tables(callFacts, p.calls());
      if (range != null) {
        callTables = new Queues.Tables(callTables.queueDaily().filter(between("date", range.from(), range.to())),
            callTables.queueMonthly(), callTables.queueIntervals().filter(between("date", range.from(), range.to())));
      }
    }
    Dataset<Row> agentCalls = callFacts == null
        ? ratings.sparkSession().emptyDataFrame().selectExpr("CAST(NULL AS DATE) AS date",
            "CAST(NULL AS STRING) AS agent_id", "CAST(NULL AS DOUBLE) AS handle_s")
        : Calls.agentFacts(callFacts);
    Aggregates.Tables aggregates = Aggregates.of(facts, ratingFacts, agentCalls, in.roster(), in.groups());
    Dataset<Row> agentDaily = aggregates.agentDaily();
    Dataset<Row> teamDaily = aggregates.teamDaily();
    Dataset<Row> agentMonthly = aggregates.agentMonthly();
    Dataset<Row> teamMonthly = aggregates.teamMonthly();

    Dataset<Row> receptionRows = facts.select(
        col("date"), col("agent_id"), col("agent_name"), col("team_id"), col("team_name"), col("role"),
        col("buyer_id"), col("first_message_at"), col("rounds"), col("answered_rounds"), col("replied"),
        col("first_response_s"), col("response_sum_s"), col("inquiry"), col("ordered"), col("paid"),
        col("sales_amount"));
    Dataset<Row> groupDaily = aggregates.groupDaily();
    Dataset<Row> groupMonthly = aggregates.groupMonthly();
    if (range != null) {
      receptionRows = receptionRows.filter(between("date", range.from(), range.to()));
      agentDaily = agentDaily.filter(between("date", range.from(), range.to()));
      teamDaily = teamDaily.filter(between("date", range.from(), range.to()));
      if (!months.equals(outMonths)) {
        agentMonthly = inMonths(agentMonthly, outMonths);
        teamMonthly = inMonths(teamMonthly, outMonths);
        groupMonthly = groupMonthly == null ? null : inMonths(groupMonthly, outMonths);
      }
    }
    // flags need the count of first responses, which agent_daily does not show
    Dataset<Row> agentFlags = Flags.of(aggregates.agentDaily().join(
        aggregates.agentDays().select(col("date"), col("agent_id"), col("_fr_n")),
        scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of("date", "agent_id")).toSeq()), p.flags());
    Dataset<Row> trainingEffect = null;
    if (in.trainings() != null) {
      Row last = aggregates.agentDays().agg(org.apache.spark.sql.functions.max("date")).first();
      LocalDate lastDate = last.isNullAt(0) ? LocalDate.MIN : last.getDate(0).toLocalDate();
      trainingEffect = TrainingEffect.of(in.trainings(), aggregates.agentDays(), in.roster(), p.trainingWindowDays(),
          lastDate);
      if (range != null) {
        DateRange sessions = restatedSessions(range, p.trainingWindowDays());
        trainingEffect = trainingEffect.filter(between("trained_on", sessions.from(), sessions.to()));
      }
    }
    if (range != null) {
      if (groupDaily != null) {
        groupDaily = groupDaily.filter(between("date", range.from(), range.to()));
      }
      agentFlags = agentFlags.filter(between("date", range.from(), range.to()));
    }
    return new Tables(receptionRows, agentDaily, teamDaily, agentMonthly, teamMonthly, attributed, orders, callTables,
        groupDaily, groupMonthly, agentFlags, trainingEffect);
  }

  private static Dataset<Row> inMonths(Dataset<Row> monthly, DateRange months) {
    return monthly.filter(col("month").between(lit(months.from().toString().substring(0, 7)),
        lit(months.to().toString().substring(0, 7))));
  }

  private static Column between(String column, LocalDate from, LocalDate to) {
    return col(column).between(lit(from), lit(to));
  }
}
