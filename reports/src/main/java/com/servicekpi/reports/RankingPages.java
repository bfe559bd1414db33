package com.servicekpi.reports;

import static com.servicekpi.reports.PdfReport.H;
import static com.servicekpi.reports.PdfReport.INK;
import static com.servicekpi.reports.PdfReport.MISS;
import static com.servicekpi.reports.PdfReport.MUTED;
import static com.servicekpi.reports.PdfReport.W;

import java.awt.Color;
import java.awt.Graphics2D;
import java.util.List;
import java.util.Map;

/**
 * The agent rankings: presale agents by sales (销冠), the others by satisfaction and response rate
 * (服务之星), with last month's rank where the months compare and figures that miss their target in red.
 */
final class RankingPages extends Section {
  RankingPages(PdfReport report) {
    super(report);
  }

  /** The whole ranking of one kind (sales or service) of a report, every page of it. */
  List<Ranking.Row> allRows(ReportInput in, boolean bySales) {
    List<KpiRow> agents = in.agents().stream().filter(a -> sells(in, a) == bySales).toList();
    return bySales ? Ranking.build(agents, (KpiRow) null) : Ranking.byService(agents, report.minRatings, null);
  }

  /** Whether an agent is ranked by sales: its team sold this month (or, outside any team, it did). */
  static boolean sells(ReportInput in, KpiRow a) {
    KpiRow team = in.teams().stream().filter(r -> r != null && r.teamId().equals(a.teamId())).findFirst().orElse(null);
    if (team == null || "_unassigned".equals(a.teamId())) {
      team = in.teamId() != null && in.teamId().equals(a.teamId()) ? in.current() : a;
    }
    return team.sales() != null && team.sales().signum() > 0;
  }

  void ranking(Graphics2D g, ReportInput in, List<Ranking.Row> rows, int total, boolean bySales) {
    report.title(g, bySales ? t("销售排名（售前，按销售额）", "Sales ranking (presale, by sales)")
        : t("服务排名（售后及其他，按满意率、回复率）", "Service ranking (after-sales and others, by satisfaction, response rate)"));
    String[] head = report.zh
        ? new String[] {"#", "上月", "客服", "团队", "接待", "回复率", "首响均值", "满意率 (评价数)", "询单转化", "销售额", "荣誉"}
        : new String[] {"#", "Last", "Agent", "Team", "Receptions", "Resp. rate", "First resp.", "Satisfaction (n)",
            "Inq. conv.", "Sales", "Award"};
    float[] widths = {28, 48, 104, 92, 50, 56, 66, 98, 60, 82, 86};
    boolean[] right = {true, true, false, false, true, true, true, true, true, true, false};
    // the service ranking has no sales columns: its agents do not sell
    int[] keep = bySales ? new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10} : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 10};
    if (!bySales) {
      widths = new float[] {28, 50, 130, 130, 60, 70, 90, 120, 92};
    }
    // last month's rank among the same agents, and the move: shown only when the months compare
    boolean comparable = in.coverage() == null || in.coverage().comparable();
    Map<String, Integer> before = Ranking.previousRanks(allRows(in, bySales), in.previousAgents(), bySales, report.minRatings);
    head = pick(head, keep);
    right = pick(right, keep);
    float y = 74;
    report.tableHead(g, head, widths, right, y);
    if (total == 0) {
      g.setColor(MUTED);
      g.drawString(t("本月没有客服数据。", "No agent data this month."), 36, y + 28);
      return;
    }
    for (Ranking.Row r : rows) {
      y += 22;
      KpiRow a = r.agent();
      String award = (r.topSales() ? t("销冠 ", "Top sales ") : "") + (r.serviceStar() ? t("服务之星", "Service star") : "");
      String name = a.agentName() == null ? a.agentId() : a.agentName() + " " + a.agentId();
      Integer was = before.get(a.agentId());
      String last = !comparable || was == null ? "—"
          : was + (was > r.rank() ? " (+" + (was - r.rank()) + ")" : was < r.rank() ? " (-" + (r.rank() - was) + ")" : "");
      String[] cells = {
          String.valueOf(r.rank()), last, name, report.teamLabel(a.teamId(), a.teamName()), Formats.count(a.receptions()),
          Formats.value(Metric.RESPONSE_RATE, a.responseRate(), report.zh),
          Formats.value(Metric.FIRST_RESPONSE_AVG, a.firstResponseAvg(), report.zh),
          Formats.value(Metric.SATISFACTION, a.satisfactionRate(), report.zh) + " (" + a.ratings() + ")",
          Formats.value(Metric.INQUIRY_CONVERSION, a.inquiryConversion(), report.zh),
          a.sales() == null ? "—" : Formats.money(a.sales().doubleValue()), award.trim()};
      Color base = award.isBlank() ? INK : new Color(0xA0, 0x52, 0x00);
      // a figure that misses its target in red
      Color[] colors = new Color[cells.length];
      java.util.Arrays.fill(colors, base);
      Metric[] of = {null, null, null, null, null, Metric.RESPONSE_RATE, Metric.FIRST_RESPONSE_AVG,
          Metric.SATISFACTION, Metric.INQUIRY_CONVERSION, null, null};
      for (int i = 0; i < of.length; i++) {
        Metric m = of[i];
        Double v = m == null ? null : m.of(a);
        Double target = m == null ? null : report.targets.get(m);
        if (v != null && target != null && (m.higherIsBetter ? v < target : v > target)
            && (m != Metric.SATISFACTION || a.ratings() >= report.minRatings)) {
          colors[i] = MISS;
        }
      }
      String[] shownCells = new String[keep.length];
      Color[] shownColors = new Color[keep.length];
      for (int i = 0; i < keep.length; i++) {
        shownCells[i] = cells[keep[i]];
        shownColors[i] = colors[keep[i]];
      }
      report.cells(g, shownCells, widths, right, y, shownColors);
      g.setColor(new Color(0xEE, 0xF0, 0xF3));
      g.draw(new java.awt.geom.Line2D.Float(36, y + 7, W - 36, y + 7));
    }
    g.setColor(MUTED);
    g.setFont(report.font.size(9));
    String why = "";
    if (Ranking.star(in.agents(), report.minRatings) == null) {
      why = t("本月没有客服的评价数达到 " + report.minRatings + " 条，服务之星空缺。",
          " Nobody has " + report.minRatings + " ratings this month: no service star.");
    }
    if (bySales && rows.stream().noneMatch(Ranking.Row::topSales) && total > 0 && rows.get(0).rank() == 1) {
      why += t("本月没有销售额，销冠空缺。", " No sales this month: no top seller.");
    }
    String partial = report.partialMark(in);
    if (partial != null) {
      why += t("排名只反映有数据的 " + in.coverage().days() + " 天。",
          " The ranking covers only the " + in.coverage().days() + " days with data.");
    }
    g.drawString(t("销冠：本月销售额最高；服务之星：评价数不少于 " + report.minRatings + " 的客服中满意率最高。",
        "Top sales: highest sales of the month. Service star: highest satisfaction among agents with at least "
            + report.minRatings + " ratings.") + why, 36, H - 40);
  }

  private static String[] pick(String[] a, int[] keep) {
    String[] out = new String[keep.length];
    for (int i = 0; i < keep.length; i++) {
      out[i] = a[keep[i]];
    }
    return out;
  }

  private static boolean[] pick(boolean[] a, int[] keep) {
    boolean[] out = new boolean[keep.length];
    for (int i = 0; i < keep.length; i++) {
      out[i] = a[keep[i]];
    }
    return out;
  }
}
