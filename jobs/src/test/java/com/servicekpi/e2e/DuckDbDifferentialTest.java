package com.servicekpi.e2e;

import com.servicekpi.bench.DuckDbCalls;
import com.servicekpi.bench.DuckDbKpi;
import com.servicekpi.generate.Generator;
import com.servicekpi.generate.ParallelWriter;
import com.servicekpi.job.KpiJob;
import com.servicekpi.testing.TestSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's DuckDB implementation of the spec against the job, on the same generated
 * Parquet input: every aggregate table equal, row by row, column by column. (The receptions table
 * differs by design: the job stores hashed buyer ids.)
 */
class DuckDbDifferentialTest {
  @TempDir
  Path dir;

  @Test
  void duckDbTablesEqualTheJobsOnTheSameParquetInput() throws Exception {
    ZoneId z = ZoneId.of("Asia/Shanghai");
    // two months, 2 chunks a day, midnight-crossing rounds and transfers from the generator
    Generator.Shape shape = new Generator.Shape(70, 9, LocalDate.parse("2026-10-27"), 3, 5, z);
    Path in = dir.resolve("in");
    ParallelWriter.write(TestSpark.session(), shape, in.toString(), true);
    Path job = dir.resolve("job");
    new KpiJob(TestSpark.session(), DifferentialTest.settings(z, in, job)).run(null);
    Path duck = dir.resolve("duck");
    DuckDbKpi.main(new String[] {in.toString(), duck.toString(), z.getId()});
    for (String table : List.of("agent_daily", "team_daily", "agent_monthly", "team_monthly")) {
      List<String> keys = DifferentialTest.KEYS.get(table);
      DifferentialTest.compare(table, DifferentialTest.actual(job.resolve(table), keys),
          DifferentialTest.actual(duck.resolve(table), keys));
    }
  }

  /**
   * Spec §6 written apart in DuckDB SQL against the job, on the sample's call log (two hotlines, a
   * repeated row, two broken rows): the three queue tables equal, required agents included.
   */
  @Test
  void duckDbQueueTablesEqualTheJobsOnTheSampleCalls() throws Exception {
    ZoneId z = ZoneId.of("Asia/Shanghai");
    Path in = dir.resolve("in");
    java.nio.file.Files.createDirectories(in.resolve("calls"));
    java.nio.file.Files.copy(EndToEndTest.SAMPLES.resolve("calls/calls.csv"), in.resolve("calls/calls.csv"));
    Path job = dir.resolve("job");
    new KpiJob(TestSpark.session(), DifferentialTest.settings(z, in, job)).run(null);
    Path duck = dir.resolve("duck");
    DuckDbCalls.compute(in.resolve("calls").toString(), duck.toString(), z.getId());
    for (var t : java.util.Map.of("queue_daily", List.of("date", "queue_id"), "queue_monthly", List.of("month", "queue_id"),
        "queue_intervals", List.of("date", "queue_id", "interval")).entrySet()) {
      DifferentialTest.compare(t.getKey(), DifferentialTest.actual(job.resolve(t.getKey()), t.getValue()),
          DifferentialTest.actual(duck.resolve(t.getKey()), t.getValue()));
    }
  }
}
