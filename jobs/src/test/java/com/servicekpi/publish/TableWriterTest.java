package com.servicekpi.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.upper;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.servicekpi.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableWriterTest {
  @TempDir
  Path root;

  @Test
  void aTableWithoutRowsHasNoPartitionsAndOneWithRowsHasThem() {
    SparkSession spark = TestSpark.session();
    TableWriter writer = new TableWriter(spark, root.toString());
    writer.write(spark.sql("SELECT DATE'2026-10-01' AS date, 1 AS n WHERE false"), "empty", "date");
    writer.write(spark.sql("SELECT DATE'2026-10-01' AS date, 1 AS n"), "full", "date");
    assertFalse(writer.hasPartitions("empty"));
    assertFalse(writer.hasPartitions("never-written"));
    assertTrue(writer.hasPartitions("full"));
  }

  @Test
  void theStepAfterTheShuffleIsAppliedToEveryWrittenRowAndRunsAboveTheShuffle() {
    SparkSession spark = TestSpark.session();
    TableWriter writer = new TableWriter(spark, root.toString());
    List<String> plan = new ArrayList<>();
    writer.write(spark.sql("SELECT DATE'2026-10-01' AS date, 'b1' AS buyer_id UNION ALL SELECT DATE'2026-10-02', 'b2'"),
        "t", "date", rows -> {
          Dataset<Row> hashed = rows.withColumn("buyer_id", upper(col("buyer_id")));
          plan.add(hashed.queryExecution().optimizedPlan().toString());
          return hashed;
        });
    List<Row> written = spark.read().parquet(writer.pathOf("t")).orderBy("buyer_id").collectAsList();
    assertEquals("[[B1,2026-10-01], [B2,2026-10-02]]", written.toString());
    // The projection that replaces the column sits above the repartition by date.
    String p = plan.get(0);
    assertTrue(p.contains("upper(") && p.indexOf("upper(") < p.indexOf("RepartitionByExpression"), p);
  }
}
