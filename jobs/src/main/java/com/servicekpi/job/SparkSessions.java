package com.servicekpi.job;

import com.servicekpi.config.Settings;
import org.apache.spark.sql.SparkSession;

/** Builds the SparkSession from the settings: local mode unless spark-submit chose a master. */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * Runs a command's body with a session: one that exists already (a test's, a notebook's) is
   * used and left running; one created here is stopped at the end, also on failure.
   */
  public static <T> T with(Settings s, java.util.function.Function<SparkSession, T> body) {
    boolean own = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = create(s);
    try {
      return body.apply(spark);
    } finally {
      if (own) {
        spark.stop();
      }
    }
  }

  /**
   * The Spark settings of a session: spark.conf, and under it spark.local-conf when the session
   * runs in local mode (the configured master, or one spark-submit passed, starting with
   * "local"); a key in both takes spark.conf's value.
   *
   * @param submittedMaster the master spark-submit chose, or null
   */
  static java.util.Map<String, String> conf(Settings s, String submittedMaster) {
    String master = submittedMaster != null ? submittedMaster : s.sparkMaster();
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    if (master.startsWith("local")) {
      out.putAll(s.sparkLocalConf());
    }
    out.putAll(s.sparkConf());
    return out;
  }

  public static SparkSession create(Settings s) {
    SparkSession.Builder b = SparkSession.builder().appName(s.sparkAppName());
    // spark-submit passes the master as a system property; only without it is the configured one used.
    if (System.getProperty("spark.master") == null) {
      b = b.master(s.sparkMaster());
    }
    for (var e : conf(s, System.getProperty("spark.master")).entrySet()) {
      b = b.config(e.getKey(), e.getValue());
    }
    // Local dates are the configured time zone's: the session parses and formats in it.
    b = b.config("spark.sql.session.timeZone", s.timezone().getId());
    return b.getOrCreate();
  }
}
