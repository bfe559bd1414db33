package com.servicekpi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.servicekpi.cli.Main;
import com.servicekpi.testing.TestSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real command on the bundled data-samples/, compared table by table with the committed
 * expected output in src/test/resources/golden/. After a deliberate change of the tables,
 * regenerate the golden files with {@code mvn test -Dtest=EndToEndTest -Dgolden.update=true}
 * and review the diff.
 */
class EndToEndTest {
  static final Path SAMPLES = Path.of("..", "data-samples").toAbsolutePath().normalize();
  static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
  static final List<String[]> TABLES = List.of(
      new String[] {"receptions", "date", "agent_id", "buyer_id"},
      new String[] {"agent_daily", "date", "agent_id"},
      new String[] {"team_daily", "date", "team_id"},
      new String[] {"agent_monthly", "month", "agent_id"},
      new String[] {"team_monthly", "month", "team_id"});

  @TempDir
  Path out;

  @Test
  void runOnTheSamplesWritesTheExpectedTables() throws IOException {
    TestSpark.session(); // the command uses the test run's session
    int status = Main.execute("run", "--input", SAMPLES.toString(), "--output", out.toString());
    assertEquals(0, status);
    try (Stream<Path> runs = Files.list(out.resolve("_runs"))) {
      String summary = Files.readString(runs.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow());
      // 24,147 message rows hold 22,998 distinct ids (sort -u); the two rejected rows have ids of
      // their own, so 1,149 usable rows repeat an id
      assertTrue(summary.matches("(?s).*\"messages\" : \\{[^}]*\"duplicates\" : 1149,.*"), summary);
    }
    // the sample's deliberately broken rows are rejected with their reasons
    assertTrue(Files.isDirectory(out.resolve("_rejected/orders")));
    assertTrue(Files.isDirectory(out.resolve("_rejected/messages")));
    boolean update = Boolean.getBoolean("golden.update");
    for (String[] t : TABLES) {
      List<String> lines = render(out.resolve(t[0]), t);
      Path golden = GOLDEN.resolve(t[0] + ".csv");
      if (update) {
        Files.createDirectories(GOLDEN);
        Files.write(golden, lines, StandardCharsets.UTF_8);
      }
      List<String> expected = Files.readAllLines(golden, StandardCharsets.UTF_8);
      assertEquals(expected.get(0), lines.get(0), t[0] + ": columns");
      assertEquals(expected.size(), lines.size(), t[0] + ": rows");
      for (int i = 1; i < expected.size(); i++) {
        assertEquals(expected.get(i), lines.get(i), t[0] + ": row " + i);
      }
    }
  }

  @Test
  void theSamplesCleanRowsGiveThePlainImplementationsTables() {
    // data-samples/ is `generate --agents 30 --days 30 --seed 20261006` plus a few broken rows,
    // which must be rejected without changing anything else.
    TestSpark.session();
    assertEquals(0, Main.execute("run", "--input", SAMPLES.toString(), "--output", out.toString()));
    java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");
    com.servicekpi.generate.SampleData data = new com.servicekpi.generate.Generator(new com.servicekpi.generate.Generator.Shape(
        30, 30, java.time.LocalDate.parse("2026-10-06"), 4, 20261006L, zone)).generate();
    var expected = new ReferenceKpi(zone, java.time.Duration.ofHours(24), 1).compute(data);
    for (String[] t : TABLES) {
      DifferentialTest.compare(t[0], DifferentialTest.hashed(t[0], expected.get(t[0])),
          DifferentialTest.actual(out.resolve(t[0]), java.util.Arrays.asList(t).subList(1, t.length)));
    }
  }

  @Test
  void aBadInputRootExitsNonZero() {
    TestSpark.session();
    assertEquals(1, Main.execute("run", "--input", out.resolve("nothing").toString(), "--output", out.toString()));
  }

  @Test
  void fromWithoutToExitsNonZero() {
    assertEquals(1, Main.execute("run", "--input", SAMPLES.toString(), "--output", out.toString(), "--from", "2026-10-01"));
  }

  /** Header, then the rows sorted by key, doubles with 6 decimals, nulls empty. */
  static List<String> render(Path table, String[] spec) {
    Dataset<Row> df = TestSpark.session().read().parquet(table.toString());
    List<String> cols = new ArrayList<>(List.of(df.columns()));
    cols.remove(spec[1]);
    cols.add(0, spec[1]);
    Dataset<Row> sorted = df.selectExpr(cols.toArray(String[]::new))
        .orderBy(java.util.Arrays.stream(spec).skip(1).map(org.apache.spark.sql.functions::col)
            .toArray(org.apache.spark.sql.Column[]::new));
    List<String> lines = new ArrayList<>();
    lines.add(String.join(",", cols));
    for (Row r : sorted.collectAsList()) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        b.append(i == 0 ? "" : ",");
        if (v instanceof Double d) {
          b.append(String.format(Locale.ROOT, "%.6f", d));
        } else if (v instanceof BigDecimal d) {
          b.append(d.toPlainString());
        } else if (v != null) {
          b.append(v);
        }
      }
      lines.add(b.toString());
    }
    return lines;
  }
}
