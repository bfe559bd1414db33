package com.servicekpi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.servicekpi.config.Settings;
import com.servicekpi.job.KpiJob;
import com.servicekpi.job.MappingCheck;
import com.servicekpi.job.ReportJob;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import com.servicekpi.job.RunSummary;
import com.servicekpi.testing.Fixtures;
import com.servicekpi.testing.Postgres;
import com.servicekpi.testing.TestSpark;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mapping examples users copy, docs/mappings/*.conf, each run end to end on its look-alike
 * fixture: the tables hold the values worked out by hand in the comments.
 */
class MappingExamplesTest {
  static final Path MAPPINGS = Path.of("..", "docs", "mappings").toAbsolutePath().normalize();

  @TempDir
  Path out;

  private RunSummary run(String example, Path input) {
    Settings s = Settings.load(MAPPINGS.resolve(example + ".conf").toFile()).withInput(input.toString())
        .withOutput(out.toString()).withBuyerIdKey("test-key");
    // the run sets the session's zone to the example's: put the tests' zone back after
    return TestSpark.withConf(Map.of("spark.sql.session.timeZone", TestSpark.ZONE),
        () -> new KpiJob(TestSpark.session(), s).run(null));
  }

  private Dataset<Row> table(String name) {
    return TestSpark.session().read().parquet(out.resolve(name).toString());
  }

  /**
   * GBK, Chinese headers and codes, yyyy/MM/dd times, "￥1,234.50", a recalled answer (m5)
   * filtered. jia01/小王: rounds at 09:00:00 (answered 09:00:30, 30 s) and 09:05:00 (answered
   * 09:06:00 after the recalled 09:05:10, 60 s); yi02/小李 answered in 120 s, yi02/小张 not.
   */
  @Test
  void chineseBackOfficeExportInGbk() {
    RunSummary summary = run("qianniu-gbk", MAPPINGS.resolve("qianniu-gbk/data"));
    RunSummary.SourceCounts messages = summary.sources().get("messages");
    assertEquals(List.of(10L, 1L, 9L, 0L, 0L), List.of(messages.read(), messages.filtered(), messages.used(),
        messages.duplicates(), messages.rejected()));
    Map<String, Object> jia = Fixtures.row(table("agent_daily"), "agent_id", "jia01");
    assertEquals("张三", jia.get("agent_name"));
    assertEquals("售前一组", jia.get("team_name"));
    assertEquals(2L, jia.get("answered_rounds"));
    assertEquals(30.0, jia.get("first_response_avg_s"));
    assertEquals(45.0, jia.get("response_avg_s"));
    assertEquals(1L, jia.get("satisfied"));
    assertEquals(1L, jia.get("paid_buyers"));
    assertEquals(new BigDecimal("1234.50"), jia.get("sales_amount"));
    Map<String, Object> yi = Fixtures.row(table("agent_daily"), "agent_id", "yi02");
    assertEquals(0.5, yi.get("response_rate"));
    assertEquals(1L, yi.get("dissatisfied"));
    assertEquals(1L, yi.get("ordered_buyers"));
    assertEquals(0L, yi.get("paid_buyers"));
    Map<String, Object> team = Fixtures.row(table("team_daily"), "team_id", "T1");
    assertEquals(3L, team.get("inquiries"));
    assertEquals(75.0, team.get("first_response_p50_s"));
    assertEquals(111.0, (Double) team.get("first_response_p90_s"), 1e-9);
  }

  /**
   * The query form: a reply's buyer is the author of the post it answers. AcmeHelp/cust_a on
   * 2017-10-31 (UTC): answered in 120 s, then cust_a's "done" opens a round nobody answers;
   * BetaCare/cust_c on 2017-11-01: 1,800 s; cust_b's post reaches no company (unrouted).
   */
  @Test
  void threadedSocialMediaExportThroughAQuery() {
    RunSummary summary = run("twitter-threads", MAPPINGS.resolve("twitter-threads/data"));
    assertEquals(7L, summary.sources().get("messages").used());
    assertEquals(1L, summary.unroutedBuyerMessages());
    assertTrue(summary.sources().get("orders").absent());
    Dataset<Row> daily = table("agent_daily");
    Map<String, Object> acme = Fixtures.row(daily, "agent_id", "AcmeHelp");
    assertEquals(java.sql.Date.valueOf("2017-10-31"), acme.get("date"));
    assertEquals(List.of(2L, 1L, 120.0), List.of(acme.get("rounds"), acme.get("answered_rounds"),
        acme.get("first_response_avg_s")));
    assertEquals("AcmeHelp", acme.get("team_id"));
    Map<String, Object> beta = Fixtures.row(daily, "agent_id", "BetaCare");
    assertEquals(1800.0, beta.get("first_response_avg_s"));
    assertEquals(1L, beta.get("answered_rounds"));
  }

  /**
   * Chatwoot's tables in a real PostgreSQL server, read with jdbc. Ana (1) answers Cleo in 40 s
   * (after a system message, a bot template and a private note, which answer nothing); Ben (2)
   * answers Dan in 180 s and not Eve. CSAT: 5 for Ana, 2 for Ben. No orders source.
   */
  @Test
  void chatwootTablesOverJdbc() throws Exception {
    try (Postgres pg = Postgres.start()) {
      pg.createDatabase("chatwoot", Files.readString(MAPPINGS.resolve("chatwoot/fixture.sql")));
      System.setProperty("CHATWOOT_JDBC_URL", pg.url("chatwoot"));
      System.setProperty("CHATWOOT_DB_USER", Postgres.USER);
      System.setProperty("CHATWOOT_DB_PASSWORD", Postgres.PASSWORD);
      ConfigFactory.invalidateCaches();
      RunSummary summary;
      try {
        summary = run("chatwoot", out.resolve("no-files"));
      } finally {
        Stream.of("CHATWOOT_JDBC_URL", "CHATWOOT_DB_USER", "CHATWOOT_DB_PASSWORD").forEach(System::clearProperty);
        ConfigFactory.invalidateCaches();
      }
      RunSummary.SourceCounts messages = summary.sources().get("messages");
      assertEquals(List.of(8L, 1L, 7L), List.of(messages.read(), messages.filtered(), messages.used()));
      assertEquals(1L, summary.systemMessages());
      assertTrue(summary.sources().get("orders").absent());
      Dataset<Row> daily = table("agent_daily");
      Map<String, Object> ana = Fixtures.row(daily, "agent_id", "1");
      assertEquals(40.0, ana.get("first_response_avg_s"));
      assertEquals(1L, ana.get("satisfied"));
      assertEquals("Support EU", ana.get("team_name"));
      Map<String, Object> ben = Fixtures.row(daily, "agent_id", "2");
      assertEquals(0.5, ben.get("response_rate"));
      assertEquals(1L, ben.get("dissatisfied"));
      Map<String, Object> team = Fixtures.row(table("team_daily"), "team_id", "7");
      assertEquals(110.0, team.get("first_response_avg_s"));
      assertEquals(0L, team.get("inquiries"));
      assertNull(team.get("inquiry_conversion_rate"));
      // the password is in no file the run wrote
      try (Stream<Path> files = Files.walk(out)) {
        for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".parquet")).toList()) {
          assertFalse(Files.readString(f).contains(Postgres.PASSWORD), f.toString());
        }
      }
    }
  }

  /**
   * A call log with times of day and durations, phone only (no chat folder). PS: DORIT answers at
   * once (166 s), a NO_SERVER call is answered by nobody named (5 s), one caller hangs up after 5 s
   * in the queue (abandoned), one after 2 s (short); NE: TOVA answers after 30 s (240 s) and 12 s
   * (120 s). The PHANTOM call is filtered.
   */
  @Test
  void aCallLogWithTimesOfDayAndDurations() throws java.io.IOException {
    RunSummary summary = run("bank-call-log", MAPPINGS.resolve("bank-call-log/data"));
    RunSummary.SourceCounts calls = summary.sources().get("calls");
    assertEquals(List.of(7L, 1L, 6L, 0L), List.of(calls.read(), calls.filtered(), calls.used(), calls.rejected()));
    assertTrue(summary.sources().get("messages").absent());
    assertEquals(1L, summary.callsAnsweredWithoutAgent());
    // the printed summary: every source listed, no zero lines for the absent chat sources
    String printed = summary.toText();
    assertTrue(printed.contains("  groups    (absent: no folder and no mapping)"), printed);
    assertTrue(printed.contains("  calls: 1 answered without an agent_id"), printed);
    assertFalse(printed.contains("unrouted buyer messages"), printed);
    assertFalse(printed.contains("attributed to an inquiry"), printed);
    Dataset<Row> daily = table("queue_daily");
    Map<String, Object> ps = Fixtures.row(daily, "queue_id", "PS");
    assertEquals(List.of(4L, 2L, 1L, 1L), List.of(ps.get("offered"), ps.get("answered"), ps.get("abandoned"),
        ps.get("short_abandoned")));
    assertEquals(2.0 / 3, (Double) ps.get("answer_rate"), 1e-12);
    assertEquals(85.5, ps.get("aht_s"));
    Map<String, Object> all = Fixtures.row(daily, "queue_id", "_all");
    assertEquals(0.8, (Double) all.get("answer_rate"), 1e-12);
    assertEquals(0.6, (Double) all.get("service_level"), 1e-12);
    assertEquals(10.5, all.get("asa_s"));
    assertEquals(132.75, all.get("aht_s"));
    assertEquals(2L, all.get("agents"));
    assertEquals(java.sql.Date.valueOf("1999-02-01"), all.get("date"));
    Map<String, Object> tova = Fixtures.row(table("agent_daily"), "agent_id", "TOVA");
    assertEquals(2L, tova.get("calls_answered"));
    assertEquals(180.0, tova.get("handle_avg_s"));
    assertEquals("_unassigned", tova.get("team_id"));
    assertEquals(2L, Fixtures.row(table("queue_intervals"), "queue_id", "NE").get("offered"));

    // the monthly review: phone pages, and no empty chat pages for a phone-only department
    Settings s = Settings.load(MAPPINGS.resolve("bank-call-log.conf").toFile()).withOutput(out.toString());
    List<Path> pdfs = TestSpark.withConf(Map.of("spark.sql.session.timeZone", TestSpark.ZONE),
        () -> new ReportJob(TestSpark.session(), s).run(java.time.YearMonth.of(1999, 2)).files());
    try (PDDocument doc = Loader.loadPDF(pdfs.get(0).toFile())) {
      String text = new PDFTextStripper().getText(doc);
      assertTrue(text.contains("电话核心指标 · 1999-02"), text);
      assertTrue(text.contains("来电 6，接听 4，放弃 1"), text);
      assertTrue(text.contains("80.0%"), text); // the answer rate card
      assertTrue(text.contains("服务水平（按星期与时段）与所需人力"), text);
      assertFalse(text.contains("客服排名（按销售额）"), text);
      assertEquals(6, doc.getNumberOfPages()); // cover, phone cards, trends, heatmap, ranking, data note
    }
  }

  /** `check` on the GBK example: the accounting of every source, nothing written. */
  @Test
  void checkAccountsForEveryRowAndWritesNothing() {
    Settings s = Settings.load(new File(MAPPINGS.resolve("qianniu-gbk.conf").toString()))
        .withInput(MAPPINGS.resolve("qianniu-gbk/data").toString()).withOutput(out.toString());
    List<MappingCheck.Finding> findings = TestSpark.withConf(Map.of("spark.sql.session.timeZone", TestSpark.ZONE),
        () -> new MappingCheck(TestSpark.session(), s).run());
    MappingCheck.Finding messages = findings.get(1);
    assertEquals(1L, messages.counts().filtered());
    assertTrue(messages.text().contains("rows: read 10 = filtered 1 + used 9 + duplicates 0 + rejected 0"),
        messages.text());
    assertTrue(messages.text().contains("mapped #1  message_id=m1  buyer_id=小王  sender=buyer"
        + "  sent_at=2026-10-05 09:00:00"), messages.text());
    assertFalse(Files.exists(out.resolve("agent_daily")));
  }

  /**
   * A call log with a rating on every answered call, read twice from one file. 2021-01-04:
   * Contract related: ID0001 Diane answered after 10 s (talk 120 s, rated 5), ID0004 Becky after
   * 20 s (60 s, rated 4), ID0005 unanswered; Technical Support: ID0002 Becky after 70 s (240 s,
   * rated 2), ID0003 unanswered. With calls.short-abandon = 0 an unanswered call that ends when
   * offered is abandoned, not short.
   */
  @Test
  void aCallLogWithARatingPerCall() {
    RunSummary summary = run("rated-call-log", MAPPINGS.resolve("rated-call-log/data"));
    RunSummary.SourceCounts ratings = summary.sources().get("ratings");
    assertEquals(List.of(5L, 2L, 3L, 0L), List.of(ratings.read(), ratings.filtered(), ratings.used(),
        ratings.rejected()));
    assertEquals(5L, summary.sources().get("calls").used());
    Dataset<Row> daily = table("queue_daily");
    Map<String, Object> all = Fixtures.row(daily, "queue_id", "_all");
    assertEquals(List.of(5L, 3L, 2L, 0L), List.of(all.get("offered"), all.get("answered"), all.get("abandoned"),
        all.get("short_abandoned")));
    assertEquals(0.6, (Double) all.get("answer_rate"), 1e-12);
    assertEquals(0.4, (Double) all.get("service_level"), 1e-12);
    assertEquals(100.0 / 3, (Double) all.get("asa_s"), 1e-9);
    assertEquals(140.0, all.get("aht_s"));
    Map<String, Object> tech = Fixtures.row(daily, "queue_id", "Technical Support");
    assertEquals(0.5, (Double) tech.get("answer_rate"), 1e-12);
    assertEquals(0.0, (Double) tech.get("service_level"), 1e-12);
    Dataset<Row> agents = table("agent_daily");
    assertEquals(2L, agents.count()); // nobody answered Joe's call
    Map<String, Object> becky = Fixtures.row(agents, "agent_id", "Becky");
    assertEquals(List.of(2L, 2L, 1L, 1L), List.of(becky.get("calls_answered"), becky.get("ratings"),
        becky.get("satisfied"), becky.get("dissatisfied")));
    assertEquals(150.0, becky.get("handle_avg_s"));
    assertEquals(0.5, becky.get("satisfaction_rate"));
    assertEquals("_unassigned", becky.get("team_id"));
    Map<String, Object> diane = Fixtures.row(agents, "agent_id", "Diane");
    assertEquals(1.0, diane.get("satisfaction_rate"));
    assertEquals(120.0, diane.get("handle_avg_s"));
  }
}
