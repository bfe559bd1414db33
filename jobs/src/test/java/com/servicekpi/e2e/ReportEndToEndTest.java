package com.servicekpi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.servicekpi.cli.Main;
import com.servicekpi.testing.TestSpark;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real `report` command on the tables of a run over data-samples/: the PDFs exist, carry the
 * sample's names and headline figures as text, have the pages their content needs, and draw
 * something. Expected figures are the _all row of 2026-10 in golden/team_monthly.csv.
 */
class ReportEndToEndTest {
  @TempDir
  static Path out;
  static Path reports;

  @BeforeAll
  static void runAndReport() {
    TestSpark.session();
    assertEquals(0, Main.execute("run", "--input", EndToEndTest.SAMPLES.toString(), "--output", out.toString()));
    reports = out.resolve("pdf");
    assertEquals(0, Main.execute("report", "--output", out.toString(), "--month", "2026-10",
        "--reports", reports.toString()));
  }

  @Test
  void writesTheOverviewAndOnePdfPerRosterTeam() throws IOException {
    try (Stream<Path> files = Files.list(reports.resolve("2026-10"))) {
      // _unassigned is not a team with a lead: it has a line in the overview, not a report
      assertEquals(List.of("overview.pdf", "team-T01.pdf", "team-T02.pdf", "team-T03.pdf", "team-T04.pdf"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void overviewHasTheMonthZoneAndHeadlineFiguresAsText() throws IOException {
    String text = text(reports.resolve("2026-10/overview.pdf"));
    assertTrue(text.contains("2026-10"), "month");
    assertTrue(text.contains("Asia/Shanghai"), "zone");
    assertTrue(text.contains("接待 3,700"), "receptions on the cover");
    assertTrue(text.contains("95.7%"), "response rate 3541/3700");
    assertTrue(text.contains("2 分 43 秒"), "first response avg 163.2 s");
    assertTrue(text.contains("2 分 00 秒"), "first response p90 120 s");
    assertTrue(text.contains("87.4%"), "satisfaction 936/1071");
    assertTrue(text.contains("408,278.62"), "sales");
    assertTrue(text.contains("578.30"), "average order value");
  }

  @Test
  void overviewNamesEveryAgentAndTeamOfTheMonth() throws IOException {
    String text = text(reports.resolve("2026-10/overview.pdf"));
    List<Row> agents = TestSpark.session().read().parquet(out.resolve("agent_monthly").toString())
        .filter("month = '2026-10'").select("agent_id", "agent_name", "team_name").collectAsList();
    assertEquals(31, agents.size());
    for (Row a : agents) {
      assertTrue(text.contains(a.getString(0)), "agent id " + a.getString(0));
      if (a.getString(1) != null) {
        assertTrue(text.contains(a.getString(1)), "agent name " + a.getString(1));
      }
    }
    for (String team : List.of("售前一组", "售前二组", "售后组", "质检组")) {
      assertTrue(text.contains(team), team);
    }
    assertTrue(text.contains("销冠"), "top sales mark");
    assertTrue(text.contains("服务之星"), "service star mark");
    assertTrue(text.contains("a003, a031"), "agents outside the roster in the data note");
  }

  @Test
  void overviewHasThePagesItsContentNeeds() throws IOException {
    try (PDDocument doc = Loader.loadPDF(reports.resolve("2026-10/overview.pdf").toFile())) {
      // cover, cards, team comparison, the service and the sales trends, 21 presale agents by
      // sales (2 pages) and 10 others by service; the phone's cards, trends, heat map and ranking;
      // mentor groups; the training session; the planted unusual agent-days; data note
      assertEquals(16, doc.getNumberOfPages());
      List<String> bookmarks = new ArrayList<>();
      for (PDOutlineItem i : doc.getDocumentCatalog().getDocumentOutline().children()) {
        bookmarks.add(i.getTitle());
      }
      assertEquals(List.of("封面", "核心指标", "团队对比", "每日趋势", "销售排名", "服务排名", "电话核心指标", "电话每日趋势", "服务水平与人力",
          "电话客服排名", "导师分组对抗", "培训效果", "值得关注", "数据说明"), bookmarks);
      String text = new PDFTextStripper().getText(doc);
      assertTrue(text.contains("第 16 / 16 页"), "page numbers");
      // the service ranking: after-sales and QC agents by satisfaction, the 服务之星 first
      assertTrue(text.contains("服务排名（售后及其他，按满意率、回复率）"), text);
      // the generator's three planted agent-days, each with its rule in plain words
      assertTrue(text.contains("王磊"), text);
      assertTrue(text.contains("陈佳"), text);
      assertTrue(text.contains("孙明"), text);
    }
  }

  @Test
  void aTeamReportRanksOnlyItsAgents() throws IOException {
    String text = text(reports.resolve("2026-10/team-T03.pdf"));
    assertTrue(text.contains("售后组 (T03)"));
    List<Row> agents = TestSpark.session().read().parquet(out.resolve("agent_monthly").toString())
        .filter("month = '2026-10' and team_id like 'T%'").select("agent_id", "team_id").collectAsList();
    int mine = 0;
    for (Row a : agents) {
      boolean inT03 = a.getString(1).equals("T03");
      mine += inT03 ? 1 : 0;
      assertEquals(inT03, text.contains(a.getString(0)), "agent " + a.getString(0) + " of " + a.getString(1));
    }
    assertTrue(mine > 0);
  }

  @Test
  void aChartPageRendersToAnImageThatIsNotBlank() throws IOException {
    try (PDDocument doc = Loader.loadPDF(reports.resolve("2026-10/overview.pdf").toFile())) {
      BufferedImage img = new PDFRenderer(doc).renderImageWithDPI(2, 50); // the first chart page
      long ink = 0;
      for (int y = 0; y < img.getHeight(); y++) {
        for (int x = 0; x < img.getWidth(); x++) {
          if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
            ink++;
          }
        }
      }
      double share = ink / (double) (img.getWidth() * img.getHeight());
      assertTrue(share > 0.05, "only " + share + " of the page is drawn");
    }
  }

  @Test
  void aMonthWithoutDataIsAClearErrorAndWritesNothing() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int status;
    try {
      status = Main.execute("report", "--output", out.toString(), "--month", "2026-07", "--reports", reports.toString());
    } finally {
      System.setErr(saved);
    }
    assertEquals(1, status);
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains("no KPI data for month 2026-07"), message);
    assertTrue(message.contains("[2026-10, 2026-11]"), message);
    assertFalse(Files.exists(reports.resolve("2026-07")));
  }

  @Test
  void aTeamWithoutDataThisMonthIsNamedAndGetsNoReport() throws IOException {
    // the tables with T04 gone from 2026-11: T04 had data in 2026-10, so the reader is told
    Path root = out.resolve("without-t04");
    for (String t : List.of("team_daily", "team_monthly", "agent_daily", "agent_monthly")) {
      String partition = t.endsWith("daily") ? "date" : "month";
      TestSpark.session().read().parquet(out.resolve(t).toString())
          .filter("not (team_id = 'T04' and cast(" + partition + " as string) like '2026-11%')")
          .write().partitionBy(partition).parquet(root.resolve(t).toString());
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, Main.execute("report", "--output", root.toString(), "--month", "2026-11"));
    } finally {
      System.setErr(saved);
    }
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("team T04 (质检组) has no data in 2026-11 (it had in 2026-10): no team report."),
        err.toString(StandardCharsets.UTF_8));
    assertTrue(Files.exists(root.resolve("reports/2026-11/team-T03.pdf")));
    assertFalse(Files.exists(root.resolve("reports/2026-11/team-T04.pdf")));
  }

  @Test
  void aMalformedMonthIsAClearError() {
    assertEquals(1, Main.execute("report", "--output", out.toString(), "--month", "10/2026"));
  }

  private static String text(Path pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      return new PDFTextStripper().getText(doc);
    }
  }

  @Test
  void aPartialMonthIsMarkedOnEveryPageAndItsChangesAreNotCompared() throws IOException {
    // the samples run from 2026-10-06 to 2026-11-05: November has 5 of its 30 days
    assertEquals(0, Main.execute("report", "--output", out.toString(), "--month", "2026-11",
        "--reports", reports.toString()));
    try (PDDocument doc = Loader.loadPDF(reports.resolve("2026-11/overview.pdf").toFile())) {
      PDFTextStripper strip = new PDFTextStripper();
      for (int page = 2; page <= doc.getNumberOfPages(); page++) {
        strip.setStartPage(page);
        strip.setEndPage(page);
        assertTrue(strip.getText(doc).contains("部分月份：数据 11-01 至 11-05（5 / 30 天）"), "page " + page);
      }
      strip.setStartPage(1);
      strip.setEndPage(doc.getNumberOfPages());
      String text = strip.getText(doc);
      assertTrue(text.contains("与上月的变化不可比"), "cover");
      assertTrue(text.contains("变化 不可比（部分月份）"), "cards");
      assertTrue(text.contains("排名只反映有数据的 5 天"), "rankings");
    }
  }

  @Test
  void theTeamComparisonListsEveryTeamAndTheDepartment() throws IOException {
    try (PDDocument doc = Loader.loadPDF(reports.resolve("2026-10/overview.pdf").toFile())) {
      PDFTextStripper strip = new PDFTextStripper();
      strip.setStartPage(3);
      strip.setEndPage(3);
      String page = strip.getText(doc);
      assertTrue(page.contains("团队对比"), page);
      // golden/team_monthly.csv, 2026-10: T01 1,422 receptions, _all 3,700 and 408,278.62
      assertTrue(page.contains("售前一组 (T01)"), page);
      assertTrue(page.contains("1,422"), page);
      assertTrue(page.contains("408,278.62"), page);
      assertTrue(page.contains("全部团队"), page);
    }
  }

  @Test
  void whenNobodyHasEnoughRatingsTheRankingSaysWhyThereIsNoServiceStar() throws IOException {
    Path conf = Files.writeString(out.resolve("strict.conf"), "report.service-star.min-ratings = 1000\n");
    Path strict = out.resolve("strict");
    assertEquals(0, Main.execute("report", "--output", out.toString(), "--month", "2026-10",
        "--reports", strict.toString(), "--conf", conf.toString()));
    String text = text(strict.resolve("2026-10/overview.pdf"));
    assertTrue(text.contains("本月没有客服的评价数达到 1000 条，服务之星空缺。"), text);
    // the award column ends a ranking line: the normal report marks an agent there, this one none
    assertTrue(text(reports.resolve("2026-10/overview.pdf")).contains("服务之星\n"));
    assertFalse(text.contains("服务之星\n"), "no agent marked");
  }
}
