package com.servicekpi.model;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Spec §5: the agent's roster row valid on a date gives its name, team and role that day. */
public final class Teams {
  public static final String UNASSIGNED = "_unassigned";
  public static final String ALL = "_all";

  private Teams() {}

  /**
   * Adds agent_name, team_id, team_name, role to rows keyed by (agent_id, date). An agent with no
   * roster row valid on the date is in team {@value #UNASSIGNED} with role {@code other}, and its
   * names are null (names come only from the row valid that day).
   */
  public static Dataset<Row> assign(Dataset<Row> facts, Dataset<Row> roster) {
    Dataset<Row> r = roster.select(
        col("agent_id").as("_r_agent"), col("agent_name"), col("team_id"), col("team_name"),
        col("role"), col("valid_from"), col("valid_to"));
    Column valid = col("agent_id").equalTo(col("_r_agent"))
        .and(col("date").geq(col("valid_from")))
        .and(col("valid_to").isNull().or(col("date").lt(col("valid_to"))));
    Column matched = col("_r_agent").isNotNull();
    return facts.join(broadcast(r), valid, "left")
        .withColumn("team_id", when(matched, col("team_id")).otherwise(lit(UNASSIGNED)))
        .withColumn("role", coalesce(col("role"), lit("other")))
        .drop("_r_agent", "valid_from", "valid_to");
  }
}
