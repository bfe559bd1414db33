package com.servicekpi.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
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
        // Partitioned by (buyer, agent) as Rounds.of leaves them: no shuffle. Every buffer is
        // fixed-width, so the aggregation is hash-based and generated code (a min_by over
        // (start_at, start_id) made it a sort-based, interpreted one).
        .groupBy("buyer_id", "agent_id", "date")
        .agg(
            min("start_at").as("first_message_at"),
            count(lit(1)).as("rounds"),
            count(when(col("answered"), lit(1))).as("answered_rounds"),
            sum("response_s").as("response_sum_s"),
            // Exactly one round per reception is the first (by start_at, start_id).
            max(when(col("first_of_date"), col("response_s"))).as("first_response_s"))
        .withColumn("replied", col("answered_rounds").gt(0));
  }
}
