package com.servicekpi.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import scala.Option;

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
          // the status store keeps every query's plan text, and the suite runs thousands of queries
          // in one JVM: keep only the last few (the UI is off anyway)
          .config("spark.sql.ui.retainedExecutions", "20")
          .config("spark.ui.retainedJobs", "50")
          .config("spark.ui.retainedStages", "50")
          .getOrCreate();
      spark.sparkContext().setLogLevel("ERROR");
    }
    return spark;
  }

  /** Runs {@code body} with Spark settings changed, and puts them back (or unsets them) after. */
  public static <T> T withConf(Map<String, String> settings, Supplier<T> body) {
    RuntimeConfig conf = session().conf();
    Map<String, Option<String>> before = new HashMap<>();
    settings.keySet().forEach(k -> before.put(k, conf.getOption(k)));
    try {
      settings.forEach(conf::set);
      return body.get();
    } finally {
      before.forEach((k, v) -> {
        if (v.isDefined()) {
          conf.set(k, v.get());
        } else {
          conf.unset(k);
        }
      });
    }
  }
}
