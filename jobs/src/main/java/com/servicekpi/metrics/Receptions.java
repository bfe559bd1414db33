package com.servicekpi.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Spec §2.5: a reception (接待) is (date, agent, buyer) with at least one round that date. */
public final class Receptions {
  private Receptions() {}

  /**
   * @param rounds the output of {@link Rounds#of}
   * @return date, agent_id, buyer_id, first_message_at (start of the first round), rounds,
   *     answered_rounds, response_sum_s (sum over answered rounds), replied, first_response_s
   *     (response time of the first round when it was answered)
   */
  public static Dataset<Row> of(Dataset<Row> rounds) {
    return rounds
        // In the order that Rounds.of leaves the rows in (buyer, agent, date): no sort before
        // the aggregation (min_by over a struct makes it a sort-based one).
        .groupBy("buyer_id", "agent_id", "date")
        .agg(
            min("start_at").as("first_message_at"),
            count(lit(1)).as("rounds"),
            count(when(col("answered"), lit(1))).as("answered_rounds"),
            sum("response_s").as("response_sum_s"),
            // The first round by (start_at, start_id): the order in which the walk opened them.
            min_by(col("response_s"), struct(col("start_at"), col("start_id"))).as("first_response_s"))
        .withColumn("replied", col("answered_rounds").gt(0));
  }
}
