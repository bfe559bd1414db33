package com.servicekpi.testing;

import org.apache.spark.sql.SparkSession;

/** The one local SparkSession of a test run (surefire runs every test class in one JVM). */
public final class TestSpark {
  public static final String ZONE = "Asia/Shanghai";
  private static SparkSession spark;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("service-kpi-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.default.parallelism", "2")
          .config("spark.sql.session.timeZone", ZONE)
          .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .getOrCreate();
      spark.sparkContext().setLogLevel("ERROR");
    }
    return spark;
  }
}
