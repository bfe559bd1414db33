package com.servicekpi.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** Spec §3: ratings, one per (agent, buyer, local date), with satisfied/dissatisfied flags. */
public final class Satisfaction {
  private Satisfaction() {}

  /**
   * @param ratings typed ratings (agent_id, buyer_id, rated_at, date, score)
   * @return the counted ratings: agent_id, buyer_id, date, rated_at, score, satisfied,
   *     dissatisfied; the latest rated_at of a (agent, buyer, date) wins, a tie the higher score
   */
  public static Dataset<Row> counted(Dataset<Row> ratings, int satisfiedMinScore, int dissatisfiedMaxScore) {
    return ratings
        .withColumn("_rank", row_number().over(Window.partitionBy("agent_id", "buyer_id", "date")
            .orderBy(col("rated_at").desc(), col("score").desc())))
        .filter(col("_rank").equalTo(1))
        .select(col("agent_id"), col("buyer_id"), col("date"), col("rated_at"), col("score"),
            col("score").geq(satisfiedMinScore).as("satisfied"),
            col("score").leq(dissatisfiedMaxScore).as("dissatisfied"));
  }
}
