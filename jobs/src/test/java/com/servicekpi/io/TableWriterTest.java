package com.servicekpi.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.servicekpi.testing.TestSpark;
import java.nio.file.Path;
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
}
