package com.servicekpi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.servicekpi.config.Settings;
import com.servicekpi.job.KpiJob;
import com.servicekpi.job.ReportJob;
import com.servicekpi.job.RunSummary;
import com.servicekpi.model.DateRange;
import com.servicekpi.testing.Fixtures;
import com.servicekpi.testing.TestSpark;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `run` on an input root with groups and trainings folders: group_daily, group_monthly,
 * agent_flags and training_effect are written and published with the other tables.
 */
class InsightsEndToEndTest {
  @TempDir
  Path dir;

  private void write(String file, String text) throws IOException {
    Path p = dir.resolve("in").resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void groupsTrainingsAndFlagsAreWrittenPublishedAndReported() throws IOException {
    write("roster/r.csv", "agent_id,team_id,role,valid_from\na1,T,presale,2026-01-01\na2,T,presale,2026-01-01\n");
    StringBuilder m = new StringBuilder("message_id,buyer_id,agent_id,sender,sent_at\n");
    // a1: 12 buyers on 2026-10-05, none answered (no_replies); one answered reception each on
    // 2026-10-03 and 2026-10-07 around its training on 2026-10-05; a2 answers on both days
    for (int i = 0; i < 12; i++) {
      m.append("n").append(i).append(",x").append(i).append(",a1,buyer,2026-10-05 10:").append(10 + i).append(":00\n");
    }
    m.append("b1,y1,a1,buyer,2026-10-03 10:00:00\nb2,y1,a1,agent,2026-10-03 10:01:00\n");
    m.append("b3,y2,a1,buyer,2026-10-07 10:00:00\nb4,y2,a1,agent,2026-10-07 10:00:30\n");
    m.append("c1,z1,a2,buyer,2026-10-03 10:00:00\nc2,z1,a2,agent,2026-10-03 10:00:20\n");
    m.append("c3,z2,a2,buyer,2026-10-07 10:00:00\nc4,z2,a2,agent,2026-10-07 10:00:20\n");
    write("messages/m.csv", m.toString());
    write("groups/g.csv", "group_id,group_name,agent_id,valid_from\nG1,一组,a1,2026-10-01\nG1,一组,a2,2026-10-01\n");
    write("trainings/t.csv", "training_id,training_name,agent_id,trained_on\nT1,话术,a1,2026-10-05\n");
    Path out = dir.resolve("out");
    Settings s = Settings.from(ConfigFactory.parseMap(Map.of("timezone", TestSpark.ZONE,
        "input.path", dir.resolve("in").toString(), "output.path", out.toString(), "training.window-days", 2)))
        .withBuyerIdKey("k");
    RunSummary summary = new KpiJob(TestSpark.session(), s).run(null);
    assertEquals(2L, summary.sources().get("groups").used());
    Map<String, Object> g = Fixtures.row(TestSpark.session().read().parquet(out.resolve("group_daily").toString()),
        "date", "2026-10-03");
    assertEquals(2L, g.get("receptions"));
    assertEquals(40.0, g.get("first_response_avg_s"));
    Map<String, Object> month = Fixtures.row(TestSpark.session().read().parquet(out.resolve("group_monthly").toString()),
        "group_id", "G1");
    assertEquals(16L, month.get("receptions")); // a1: 12 + 1 + 1, a2: 1 + 1
    assertEquals(2L, month.get("agents"));
    Map<String, Object> flag = Fixtures.row(TestSpark.session().read().parquet(out.resolve("agent_flags").toString()),
        "flag", "no_replies");
    assertEquals("a1", flag.get("agent_id"));
    // a1: 60 s before, 30 s after; a2: 20 s and 20 s: -30 s
    Map<String, Object> effect = Fixtures.row(TestSpark.session().read().parquet(
        out.resolve("training_effect").toString()), "metric", "first_response_avg_s");
    assertEquals(-30.0, effect.get("effect"));
    assertEquals(true, effect.get("complete"));
    assertEquals(4L, summary.rowsWritten().get("training_effect"));

    // the monthly review's team-lead pages, each with its content
    Path pdf = new ReportJob(TestSpark.session(), s).run(java.time.YearMonth.of(2026, 10)).files().get(0);
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      String text = new PDFTextStripper().getText(doc);
      assertTrue(text.contains("导师分组对抗"), text);
      assertTrue(text.contains("一组 (G1)"), text);
      assertTrue(text.contains("话术 (T1) · 2026-10-05"), text);
      assertTrue(text.contains("培训 1 人，对照 1 人：人数太少，差异可能只是偶然，不宜下结论"), text);
      assertTrue(text.contains("接待了买家却一条都没回复（回复率 0.0%）"), text);
      List<String> bookmarks = new java.util.ArrayList<>();
      for (PDOutlineItem i : doc.getDocumentCatalog().getDocumentOutline().children()) {
        bookmarks.add(i.getTitle());
      }
      assertTrue(bookmarks.containsAll(List.of("导师分组对抗", "培训效果", "值得关注")), bookmarks.toString());
    }
  }

  @Test
  void aRangeRunRestatesTheTrainingSessionsWhoseWindowsItTouchesAndKeepsTheOthers() throws IOException {
    write("roster/r.csv", "agent_id,team_id,role,valid_from\na1,T,presale,2026-01-01\na2,T,presale,2026-01-01\n");
    // T1 on 2026-10-05 (a1) with agent-days on 10-03 and 10-07; T2 on 2026-10-20 (a2) with 10-18, 10-22
    write("messages/m.csv", "message_id,buyer_id,agent_id,sender,sent_at\n"
        + "b1,y1,a1,buyer,2026-10-03 10:00:00\nb2,y1,a1,agent,2026-10-03 10:01:00\n"
        + "b3,y2,a1,buyer,2026-10-07 10:00:00\nb4,y2,a1,agent,2026-10-07 10:00:30\n"
        + "c1,z1,a2,buyer,2026-10-03 10:00:00\nc2,z1,a2,agent,2026-10-03 10:00:20\n"
        + "c3,z2,a2,buyer,2026-10-07 10:00:00\nc4,z2,a2,agent,2026-10-07 10:00:20\n"
        + "d1,w1,a2,buyer,2026-10-18 10:00:00\nd2,w1,a2,agent,2026-10-18 10:00:40\n"
        + "d3,w2,a2,buyer,2026-10-22 10:00:00\nd4,w2,a2,agent,2026-10-22 10:00:10\n"
        + "e1,v1,a1,buyer,2026-10-18 10:00:00\ne2,v1,a1,agent,2026-10-18 10:00:10\n"
        + "e3,v2,a1,buyer,2026-10-22 10:00:00\ne4,v2,a1,agent,2026-10-22 10:00:10\n");
    write("trainings/t.csv", "training_id,training_name,agent_id,trained_on\nT1,话术,a1,2026-10-05\n"
        + "T2,售后,a2,2026-10-20\n");
    Path out = dir.resolve("out");
    Settings s = Settings.from(ConfigFactory.parseMap(Map.of("timezone", TestSpark.ZONE,
        "input.path", dir.resolve("in").toString(), "output.path", out.toString(), "training.window-days", 2)))
        .withBuyerIdKey("k");
    new KpiJob(TestSpark.session(), s).run(null);
    assertEquals(-30.0, effect(out, "T1").get("effect")); // a1 60 s -> 30 s, a2 20 s -> 20 s
    assertEquals(-30.0, effect(out, "T2").get("effect")); // a2 40 s -> 10 s, a1 10 s -> 10 s

    // a late export for 2026-10-07: a2 answered a second buyer after 80 s (a2: 20 s -> 50 s)
    write("messages/late.csv", "message_id,buyer_id,agent_id,sender,sent_at\n"
        + "c5,z3,a2,buyer,2026-10-07 11:00:00\nc6,z3,a2,agent,2026-10-07 11:01:20\n");
    LocalDate day = LocalDate.parse("2026-10-07");
    RunSummary summary = new KpiJob(TestSpark.session(), s).run(new DateRange(day, day));
    assertEquals(-60.0, effect(out, "T1").get("effect"));
    assertEquals(-30.0, effect(out, "T2").get("effect"));
    assertEquals(8L, summary.rowsWritten().get("training_effect"));
  }

  private Map<String, Object> effect(Path out, String training) {
    return Fixtures.row(TestSpark.session().read().parquet(out.resolve("training_effect").toString())
        .filter("metric = 'first_response_avg_s'"), "training_id", training);
  }
}
