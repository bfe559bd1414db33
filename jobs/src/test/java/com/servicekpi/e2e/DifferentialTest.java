package com.servicekpi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.servicekpi.config.Settings;
import com.servicekpi.generate.Generator;
import com.servicekpi.generate.SampleData;
import com.servicekpi.generate.SampleWriter;
import com.servicekpi.job.KpiJob;
import com.servicekpi.model.DateRange;
import com.servicekpi.testing.TestSpark;
import com.typesafe.config.ConfigFactory;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Spark job against {@link ReferenceKpi} on generated inputs of different shapes, seeds and
 * time zones (one with a DST change), read back from the files the generator wrote (CSV and JSON
 * Lines, timestamps with and without offsets, overlapping exports).
 */
class DifferentialTest {
  static final Map<String, List<String>> KEYS = Map.of(
      "agent_daily", List.of("date", "agent_id"),
      "team_daily", List.of("date", "team_id"),
      "agent_monthly", List.of("month", "agent_id"),
      "team_monthly", List.of("month", "team_id"),
      "receptions", List.of("date", "agent_id", "buyer_id"));

  @TempDir
  Path dir;

  @ParameterizedTest(name = "seed {0}: {1} agents, {2} days from {3}, {4} chats/agent/day, {5}")
  @CsvSource({
      "7, 8, 12, 2026-10-06, 5, Asia/Shanghai",
      "11, 12, 20, 2026-10-20, 3, America/New_York",
      "3, 5, 35, 2026-09-15, 2, UTC"})
  void sparkTablesEqualThePlainImplementation(long seed, int agents, int days, String start, double visits, String zone) {
    ZoneId z = ZoneId.of(zone);
    SampleData data = new Generator(new Generator.Shape(agents, days, LocalDate.parse(start), visits, seed, z)).generate();
    Path in = dir.resolve("in");
    Path out = dir.resolve("out");
    SampleWriter.write(data, in, z);
    new KpiJob(TestSpark.session(), settings(z, in, out)).run(null);

    Map<String, Map<String, Map<String, Object>>> expected =
        new ReferenceKpi(z, Duration.ofHours(24), 1).compute(data);
    for (String table : List.of("agent_daily", "team_daily", "agent_monthly", "team_monthly", "receptions")) {
      compare(table, hashed(table, expected.get(table)), actual(out.resolve(table), KEYS.get(table)));
    }
  }

  /**
   * The reference's receptions keyed by HMAC-SHA-256(test key, buyer_id), as the job stores them
   * (computed here with javax.crypto, independently of the job's Spark expression).
   */
  static Map<String, Map<String, Object>> hashed(String table, Map<String, Map<String, Object>> rows) {
    if (!table.equals("receptions")) {
      return rows;
    }
    Map<String, Map<String, Object>> out = new TreeMap<>();
    rows.forEach((k, v) -> {
      int cut = k.lastIndexOf('|');
      out.put(k.substring(0, cut + 1) + hmac(k.substring(cut + 1)), v);
    });
    return out;
  }

  static String hmac(String buyer) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(
          System.getenv("SERVICE_KPI_BUYER_ID_KEY").getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
      return java.util.HexFormat.of().formatHex(mac.doFinal(buyer.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void parallelParquetInputInDateFoldersGivesThePlainImplementationsTables() {
    // generate --format parquet --partitioned: 60 agents = 2 chunks a day, typed Parquet columns
    ZoneId z = ZoneId.of("Asia/Shanghai");
    Generator.Shape shape = new Generator.Shape(60, 6, LocalDate.parse("2026-10-29"), 3, 99, z);
    Path in = dir.resolve("in");
    Path out = dir.resolve("out");
    com.servicekpi.generate.ParallelWriter.write(TestSpark.session(), shape, in.toString(), true);
    assertTrue(java.nio.file.Files.isDirectory(in.resolve("messages/date=2026-10-30")));
    new KpiJob(TestSpark.session(), settings(z, in, out)).run(null);
    Map<String, Map<String, Map<String, Object>>> expected =
        new ReferenceKpi(z, Duration.ofHours(24), 1).compute(com.servicekpi.generate.ParallelWriter.inMemory(shape));
    for (String table : List.of("agent_daily", "team_daily", "agent_monthly", "team_monthly", "receptions")) {
      compare(table, hashed(table, expected.get(table)), actual(out.resolve(table), KEYS.get(table)));
    }
    // a range run reads only the date folders it needs and gives the same rows for its dates
    DateRange range = new DateRange(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-02"));
    Path part = dir.resolve("part");
    new KpiJob(TestSpark.session(), settings(z, in, part)).run(range);
    for (String table : List.of("agent_daily", "team_daily")) {
      Map<String, Map<String, Object>> full = actual(out.resolve(table), KEYS.get(table));
      full.keySet().removeIf(k -> !range.contains(LocalDate.parse(k.substring(0, 10))));
      compare(table, full, actual(part.resolve(table), KEYS.get(table)));
    }
  }

  @Test
  void aRangeRunGivesTheSameRowsForItsDatesAsAFullRun() {
    ZoneId z = ZoneId.of("Asia/Shanghai");
    SampleData data = new Generator(new Generator.Shape(6, 14, LocalDate.parse("2026-10-25"), 4, 5, z)).generate();
    Path in = dir.resolve("in");
    SampleWriter.write(data, in, z);
    new KpiJob(TestSpark.session(), settings(z, in, dir.resolve("full"))).run(null);
    // The range ends in November: its months are October and November, as in the full run.
    DateRange range = new DateRange(LocalDate.parse("2026-10-31"), LocalDate.parse("2026-11-02"));
    Path part = dir.resolve("part");
    new KpiJob(TestSpark.session(), settings(z, in, part)).run(range);
    for (String table : List.of("agent_daily", "team_daily", "receptions")) {
      Map<String, Map<String, Object>> full = actual(dir.resolve("full").resolve(table), KEYS.get(table));
      full.keySet().removeIf(k -> !range.contains(LocalDate.parse(k.substring(0, 10))));
      Map<String, Map<String, Object>> ranged = actual(part.resolve(table), KEYS.get(table));
      assertTrue(ranged.size() > 0, table);
      compare(table, full, ranged);
    }
    for (String table : List.of("agent_monthly", "team_monthly")) {
      compare(table, actual(dir.resolve("full").resolve(table), KEYS.get(table)), actual(part.resolve(table), KEYS.get(table)));
    }
    // Re-running the same range over the same output changes nothing.
    new KpiJob(TestSpark.session(), settings(z, in, part)).run(range);
    compare("agent_daily", actual(part.resolve("agent_daily"), KEYS.get("agent_daily")),
        actual(part.resolve("agent_daily"), KEYS.get("agent_daily")));
    assertEquals(3, TestSpark.session().read().parquet(part.resolve("agent_daily").toString())
        .select("date").distinct().count());
  }

  static Settings settings(ZoneId z, Path in, Path out) {
    return Settings.from(ConfigFactory.parseMap(Map.of(
        "timezone", z.getId(), "input.path", in.toString(), "output.path", out.toString())));
  }

  static Map<String, Map<String, Object>> actual(Path table, List<String> keys) {
    SparkSession spark = TestSpark.session();
    Dataset<Row> df = spark.read().parquet(table.toString());
    Map<String, Map<String, Object>> out = new TreeMap<>();
    String[] cols = df.columns();
    for (Row r : df.collectAsList()) {
      Map<String, Object> m = new HashMap<>();
      for (int i = 0; i < cols.length; i++) {
        m.put(cols[i], r.get(i));
      }
      StringBuilder key = new StringBuilder();
      for (String k : keys) {
        key.append(key.length() == 0 ? "" : "|").append(m.get(k));
      }
      if (out.put(key.toString(), m) != null) {
        fail(table + ": duplicate key " + key);
      }
    }
    return out;
  }

  static void compare(String table, Map<String, Map<String, Object>> expected, Map<String, Map<String, Object>> actual) {
    if (!expected.keySet().equals(actual.keySet())) {
      TreeSet<String> missing = new TreeSet<>(expected.keySet());
      missing.removeAll(actual.keySet());
      TreeSet<String> extra = new TreeSet<>(actual.keySet());
      extra.removeAll(expected.keySet());
      fail(table + ": keys differ; expected but missing: " + missing + "; unexpected: " + extra);
    }
    int checked = 0;
    for (var e : expected.entrySet()) {
      Map<String, Object> a = actual.get(e.getKey());
      for (var c : e.getValue().entrySet()) {
        Object want = c.getValue();
        Object got = a.get(c.getKey());
        String where = table + " " + e.getKey() + " " + c.getKey();
        if (want instanceof Double w && got instanceof Double g) {
          assertEquals(w, g, Math.abs(w) * 1e-9 + 1e-9, where);
        } else if (want instanceof BigDecimal w && got instanceof BigDecimal g) {
          assertEquals(0, w.compareTo(g), where + ": " + w + " vs " + g);
        } else {
          assertEquals(want, got, where);
        }
        checked++;
      }
    }
    assertTrue(checked > 0, table + ": nothing compared");
  }
}
