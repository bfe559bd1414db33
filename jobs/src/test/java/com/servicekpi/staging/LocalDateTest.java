package com.servicekpi.staging;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.to_date;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.servicekpi.testing.TestSpark;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** {@link Validate#localDate}: a timestamp's date in the session's zone, as {@code to_date} takes it. */
class LocalDateTest {
  private static final String ZONE_CONF = "spark.sql.session.timeZone";

  /**
   * Instants from 1900 to 2100 every 13 h 17 min 23.456789 s (so every time of day comes up), and
   * one microsecond either side of every UTC quarter hour of 2026-10-31 and 2026-11-01: where the
   * local dates of {@code localDate} and {@code to_date} differ, in the given session zone.
   */
  private static long mismatches(String zone) {
    SparkSession spark = TestSpark.session();
    return TestSpark.withConf(java.util.Map.of(ZONE_CONF, zone), () -> {
      long from = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
      long step = (13 * 3600 + 17 * 60 + 23) * 1_000_000L + 456_789L;
      long span = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond() * 1_000_000L - from;
      Dataset<Row> sweep = spark.range(span / step).select(col("id").multiply(step).plus(from).as("us"));
      long day = Instant.parse("2026-10-31T00:00:00Z").getEpochSecond() * 1_000_000L;
      long quarter = 15 * 60 * 1_000_000L;
      Dataset<Row> edges = spark.range(2 * 96 + 1).select(col("id").multiply(quarter).plus(day).as("q"))
          .selectExpr("explode(array(q - 1, q, q + 1)) as us");
      Dataset<Row> ts = sweep.union(edges).select(timestamp_micros(col("us")).as("ts"));
      return ts.filter(Validate.localDate(col("ts")).notEqual(to_date(col("ts")))).count();
    });
  }

  @Test
  void inAZoneWithoutDaylightSavingTimeSinceItsLastChangeTheDateIsToDateBeforeAndAfterThatChange() {
    assertEquals(0, mismatches("Asia/Shanghai"));
    assertEquals(0, mismatches("Asia/Kolkata"));
  }

  @Test
  void inAFixedOffsetZoneTheDateIsToDate() {
    assertEquals(0, mismatches("UTC"));
    assertEquals(0, mismatches("-09:30"));
  }

  @Test
  void inAZoneWithDaylightSavingTimeTheDateIsToDate() {
    assertEquals(0, mismatches("America/New_York"));
  }

  @Test
  void theOffsetIsArithmeticOnlyFromTheZonesLastChangeAndNeverUnderDaylightSavingTime() {
    assertEquals(new Validate.FixedOffset(Instant.parse("1991-09-14T17:00:00Z").getEpochSecond() * 1_000_000L,
        8 * 3600 * 1_000_000L), Validate.FixedOffset.of(ZoneId.of("Asia/Shanghai")));
    assertEquals(new Validate.FixedOffset(Long.MIN_VALUE, 0), Validate.FixedOffset.of(ZoneId.of("UTC")));
    assertNull(Validate.FixedOffset.of(ZoneId.of("America/New_York")));
  }
}
