package com.servicekpi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.servicekpi.config.Settings;
import com.servicekpi.generate.Generator;
import com.servicekpi.generate.SampleData;
import com.servicekpi.generate.SampleWriter;
import com.servicekpi.job.DailyJob;
import com.servicekpi.job.KpiJob;
import com.servicekpi.job.RunSummary;
import com.servicekpi.publish.Publisher;
import com.servicekpi.sources.InputException;
import com.servicekpi.testing.TestSpark;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 end to end on small generated inputs: nothing published on a failed run, a run killed
 * while publishing, repeated order ids, the buyer-id key, and the restatement of late data by
 * `daily`.
 */
class TrustTest {
  static final ZoneId Z = ZoneId.of("Asia/Shanghai");
  static final LocalDate START = LocalDate.parse("2026-10-06");

  @TempDir
  Path dir;

  static SampleData data() {
    return new Generator(new Generator.Shape(5, 8, START, 3, 42, Z)).generate();
  }

  static Settings settings(Path in, Path out, String... more) {
    Map<String, Object> m = new HashMap<>(Map.of("timezone", Z.getId(), "input.path", in.toString(),
        "output.path", out.toString()));
    for (int i = 0; i < more.length; i += 2) {
      m.put(more[i], more[i + 1]);
    }
    return Settings.from(ConfigFactory.parseMap(m));
  }

  static <T> List<T> half(List<T> rows) {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i += 2) {
      out.add(rows.get(i));
    }
    return out;
  }

  /** Every table rendered as sorted lines, and the list of folders under the output root. */
  static Map<String, List<String>> snapshot(Path out) throws IOException {
    Map<String, List<String>> s = new HashMap<>();
    for (String[] t : EndToEndTest.TABLES) {
      s.put(t[0], EndToEndTest.render(out.resolve(t[0]), t));
    }
    try (Stream<Path> files = Files.walk(out)) {
      s.put("folders", files.filter(Files::isDirectory).map(p -> out.relativize(p).toString())
          .filter(p -> !p.startsWith("_runs")).sorted().toList());
    }
    return s;
  }

  @Test
  void aRunKilledWhilePublishingIsUndoneAndTheRerunEqualsACleanRun() throws IOException {
    SampleData full = data();
    // the first input lacks half of the ratings and the orders: its tables differ from the second's
    SampleData noRatings = new SampleData(full.roster(), full.messages(), half(full.ratings()), half(full.orders()));
    Path in1 = dir.resolve("in1");
    Path in2 = dir.resolve("in2");
    SampleWriter.write(noRatings, in1, Z);
    SampleWriter.write(full, in2, Z);
    Path out = dir.resolve("out");
    new KpiJob(TestSpark.session(), settings(in1, out)).run(null);
    Map<String, List<String>> before = snapshot(out);
    Path clean = dir.resolve("clean");
    new KpiJob(TestSpark.session(), settings(in2, clean)).run(null);
    Map<String, List<String>> once = snapshot(clean);
    for (String[] t : List.of(EndToEndTest.TABLES.get(1), EndToEndTest.TABLES.get(3))) {
      assertFalse(before.get(t[0]).equals(once.get(t[0])), t[0] + " differs between the two inputs");
    }

    Publisher.dieAfterRenamesForTests(7);
    try {
      assertThrows(Publisher.SimulatedKill.class, () -> new KpiJob(TestSpark.session(), settings(in2, out)).run(null));
    } finally {
      Publisher.dieAfterRenamesForTests(-1);
      TestSpark.session().catalog().clearCache();
    }
    assertTrue(Files.exists(out.resolve(Publisher.STAGING)), "the killed run left its journal");

    // the next command starts by undoing the interrupted publish
    List<String> recovered = new Publisher(TestSpark.session().sparkContext().hadoopConfiguration(), out.toString()).recover();
    assertEquals(1, recovered.size());
    assertTrue(recovered.get(0).contains("restored the previous output"), recovered.get(0));
    assertEquals(before, snapshot(out));

    new KpiJob(TestSpark.session(), settings(in2, out)).run(null);
    Map<String, List<String>> rerun = snapshot(out);
    for (String[] t : EndToEndTest.TABLES) {
      assertEquals(once.get(t[0]), rerun.get(t[0]), t[0]);
    }
  }

  @Test
  void aSourceWithTooManyRejectedRowsFailsAndPublishesNothing() throws IOException {
    Path in = dir.resolve("in");
    SampleWriter.write(data(), in, Z);
    long ratings;
    try (Stream<String> lines = Files.lines(in.resolve("ratings/ratings.jsonl"))) {
      ratings = lines.count();
    }
    // one bad row in ~ratings rows is more than 1% as long as there are fewer than 100 ratings
    assertTrue(ratings < 99, "ratings " + ratings);
    Files.writeString(in.resolve("ratings/ratings.jsonl"),
        "{\"agent_id\":\"a001\",\"buyer_id\":\"b1\",\"rated_at\":\"2026-10-07T10:00:00+08:00\",\"score\":9}\n",
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Path out = dir.resolve("out");
    InputException e = assertThrows(InputException.class, () -> new KpiJob(TestSpark.session(), settings(in, out)).run(null));
    assertTrue(e.getMessage().startsWith("source 'ratings': 1 of " + (ratings + 1) + " rows rejected"), e.getMessage());
    assertTrue(e.getMessage().contains("more than validation.max-rejected-share (1.00%)"), e.getMessage());
    assertTrue(e.getMessage().contains("ratings.jsonl record " + (ratings + 1) + ": score '9' is not a whole number"),
        e.getMessage());
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(List.of("_runs"), files.map(p -> p.getFileName().toString()).toList(), "only the run record");
    }
    try (Stream<Path> runs = Files.list(out.resolve("_runs"))) {
      String summary = Files.readString(runs.findFirst().orElseThrow());
      assertTrue(summary.contains("\"status\" : \"failed\""), summary);
    }
    // with a higher limit the same input runs, and the row is in _rejected/ratings/
    new KpiJob(TestSpark.session(), settings(in, out, "validation.max-rejected-share", "0.05")).run(null);
    List<Row> rejected = TestSpark.session().read().json(out.resolve("_rejected/ratings").toString())
        .select("file", "record", "reason").collectAsList();
    assertEquals(1, rejected.size());
    assertTrue(rejected.get(0).getString(0).endsWith("ratings/ratings.jsonl"), rejected.get(0).toString());
    assertEquals(ratings + 1, rejected.get(0).getLong(1));
    assertEquals("score '9' is not a whole number from 1 to 5", rejected.get(0).getString(2));
  }

  @Test
  void aRepeatedOrderIdIsADuplicateWhenItsCopiesAgreeAndRejectedWhenTheyDiffer() throws IOException {
    Path clean = dir.resolve("clean");
    SampleWriter.write(data(), clean, Z);
    Path cleanOut = dir.resolve("clean-out");
    RunSummary.SourceCounts cleanOrders = new KpiJob(TestSpark.session(), settings(clean, cleanOut)).run(null)
        .sources().get("orders");
    assertEquals(0, cleanOrders.duplicates());
    assertEquals(0, cleanOrders.rejected());
    long n = cleanOrders.read();

    Path in = dir.resolve("in");
    SampleWriter.write(data(), in, Z);
    Path csv = in.resolve("orders/orders.csv");
    String first = Files.readAllLines(csv, StandardCharsets.UTF_8).get(1);
    // the first order once more as it is (exports that overlap), and a new order_id in two versions
    Files.writeString(csv, first + "\n"
            + "o99999999,s000001,2026-10-07T10:00:00,,5.00\n"
            + "o99999999,s000001,2026-10-07T10:00:00,,6.00\n",
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Path out = dir.resolve("out");
    RunSummary.SourceCounts orders = new KpiJob(TestSpark.session(),
        settings(in, out, "validation.max-rejected-share", "0.5")).run(null).sources().get("orders");
    assertEquals(n + 3, orders.read());
    assertEquals(n, orders.used());
    assertEquals(1, orders.duplicates());
    assertEquals(2, orders.rejected());
    String conflict = "order_id appears more than once with different content";
    assertEquals(Map.of(conflict, 2L), orders.topRejectReasons());
    List<Row> rejected = TestSpark.session().read().json(out.resolve("_rejected/orders").toString())
        .select("file", "record", "reason", "raw").orderBy("record").collectAsList();
    assertEquals(2, rejected.size());
    for (int i = 0; i < 2; i++) {
      Row r = rejected.get(i);
      assertTrue(r.getString(0).endsWith("orders/orders.csv"), r.toString());
      assertEquals(n + 2 + i, r.getLong(1), r.toString());
      assertEquals(conflict, r.getString(2));
      assertTrue(r.getString(3).contains("\"amount\":\"" + (5 + i) + ".00\""), r.toString());
    }
    // the copy counts once, the rejected versions not at all: the tables are the clean input's
    Map<String, List<String>> expected = snapshot(cleanOut);
    Map<String, List<String>> actual = snapshot(out);
    for (String[] t : EndToEndTest.TABLES) {
      assertEquals(expected.get(t[0]), actual.get(t[0]), t[0]);
    }
  }

  @Test
  void runRefusesToStartWithoutABuyerIdKey() {
    Path out = dir.resolve("out");
    InputException e = assertThrows(InputException.class, () -> new KpiJob(TestSpark.session(),
        settings(dir.resolve("in"), out, "privacy.buyer-id-key", "")).run(null));
    assertTrue(e.getMessage().contains("SERVICE_KPI_BUYER_ID_KEY"), e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void theKeyIsNeverPrintedWithTheSettings() {
    Settings s = settings(dir, dir, "privacy.buyer-id-key", "very-secret-key");
    assertFalse(s.toString().contains("very-secret-key"), s.toString());
    assertEquals("very-secret-key", s.trust().buyerIdKey().value());
  }

  @Test
  void dailyRestatesLateDataForTheDaysThatChangedAndNothingElse() throws IOException {
    SampleData full = data();
    LocalDate late = START.plusDays(3); // 2026-10-09
    // on the first daily run, that day's ratings and payments had not arrived yet
    List<SampleData.Rating> ratings = new ArrayList<>(full.ratings());
    ratings.removeIf(r -> r.ratedAt().atZone(Z).toLocalDate().equals(late));
    List<SampleData.Order> orders = new ArrayList<>();
    for (SampleData.Order o : full.orders()) {
      boolean lateDay = o.createdAt().atZone(Z).toLocalDate().equals(late);
      orders.add(lateDay ? new SampleData.Order(o.orderId(), o.buyerId(), o.createdAt(), null, o.amount()) : o);
    }
    Path in1 = dir.resolve("in1");
    Path in2 = dir.resolve("in2");
    SampleWriter.write(new SampleData(full.roster(), full.messages(), ratings, orders), in1, Z);
    SampleWriter.write(full, in2, Z);
    Path out = dir.resolve("out");
    LocalDate first = START.plusDays(5); // 2026-10-11: restates 10-04 .. 10-11
    new DailyJob(TestSpark.session(), settings(in1, out)).run(first);
    Map<String, List<String>> before = snapshot(out);

    DailyJob.Result r = new DailyJob(TestSpark.session(), settings(in2, out)).run(first);
    assertEquals(LocalDate.parse("2026-10-04"), r.range().from());
    String changes = String.join("\n", r.changes());
    // the late ratings were rated on 10-09; the late payments are of orders placed on 10-09, which
    // attribution (window 1 day) may give to inquiries of 10-08 or 10-09
    assertTrue(r.changes().stream().anyMatch(c -> c.startsWith("2026-10-09: ") && c.contains("ratings ")), changes);
    assertTrue(r.changes().stream().anyMatch(c -> c.contains("paid_buyers ")), changes);
    assertTrue(r.changes().stream().anyMatch(c -> c.startsWith("2026-10: ")), changes);
    assertTrue(r.changes().stream().allMatch(c -> c.startsWith("2026-10-08: ") || c.startsWith("2026-10-09: ")
        || c.startsWith("2026-10: ")), changes);

    // every other day is exactly as it was, and the restated days equal a clean run on all the data
    Map<String, List<String>> after = snapshot(out);
    for (String t : List.of("agent_daily", "team_daily", "receptions")) {
      assertEquals(without(before.get(t)), without(after.get(t)), t);
    }
    assertFalse(before.get("team_daily").equals(after.get("team_daily")), "10-09 changed");
    Path clean = dir.resolve("clean");
    new DailyJob(TestSpark.session(), settings(in2, clean)).run(first);
    Map<String, List<String>> once = snapshot(clean);
    for (String[] t : EndToEndTest.TABLES) {
      assertEquals(once.get(t[0]), after.get(t[0]), t[0]);
    }
  }

  /** The lines of a rendered table without the two days that the late data may change. */
  private static List<String> without(List<String> lines) {
    return lines.stream().filter(l -> !l.startsWith("2026-10-08") && !l.startsWith("2026-10-09")).toList();
  }
}
