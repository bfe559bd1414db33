package com.servicekpi.reports;

import static com.servicekpi.reports.PdfReport.H;
import static com.servicekpi.reports.PdfReport.INK;
import static com.servicekpi.reports.PdfReport.LINE;
import static com.servicekpi.reports.PdfReport.MISS;
import static com.servicekpi.reports.PdfReport.MUTED;
import static com.servicekpi.reports.PdfReport.PASS;
import static com.servicekpi.reports.PdfReport.W;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;

/** The chat key figures: one card per KPI against last month and target, and the teams side by side. */
final class KeyFigurePages extends Section {
  KeyFigurePages(PdfReport report) {
    super(report);
  }

  void cards(Graphics2D g, ReportInput in, List<Metric> shown) {
    report.title(g, t("核心指标", "Key figures") + " · " + in.month());
    List<Cards.Card> cards = Cards.build(in.current(), in.previous(), report.targets).stream()
        .filter(c -> shown.contains(c.metric())).toList();
    boolean comparable = in.coverage() == null || in.coverage().comparable();
    KpiRow cur = in.current();
    float cw = 246;
    float ch = 150;
    for (int i = 0; i < cards.size(); i++) {
      Cards.Card c = cards.get(i);
      float x = 36 + (i % 3) * (cw + 14);
      float y = 70 + (i / 3) * (ch + 12);
      g.setColor(new Color(0xF6, 0xF8, 0xFA));
      g.fill(new RoundRectangle2D.Float(x, y, cw, ch, 10, 10));
      g.setColor(LINE);
      g.draw(new RoundRectangle2D.Float(x, y, cw, ch, 10, 10));
      g.setColor(MUTED);
      g.setFont(report.font.size(12));
      g.drawString(c.metric().label(report.zh), x + 14, y + 24);
      g.setColor(INK);
      g.setFont(report.font.bold(24));
      g.drawString(Formats.value(c.metric(), c.value(), report.zh), x + 14, y + 60);
      g.setFont(report.font.size(10));
      g.setColor(MUTED);
      g.drawString(t("上月 ", "Last month ") + Formats.value(c.metric(), c.previous(), report.zh), x + 14, y + 84);
      g.drawString(t("变化 ", "Change ") + (comparable ? Formats.change(c.metric(), c.value(), c.previous(), report.zh)
          : t("不可比（部分月份）", "not comparable (partial month)")), x + 14, y + 100);
      if (c.target() != null) {
        g.drawString(t("目标 ", "Target ") + (c.metric().higherIsBetter ? "≥ " : "≤ ")
            + Formats.value(c.metric(), c.target(), report.zh), x + 14, y + 116);
      }
      String basis = basis(c.metric(), cur);
      if (basis != null) {
        g.drawString(basis, x + 14, y + 134);
      }
      if (c.pass() != null) {
        // a coloured band on the card's left edge and the word in the corner
        g.setColor(c.pass() ? PASS : MISS);
        g.fill(new RoundRectangle2D.Float(x, y, 6, ch, 6, 6));
        String mark = c.pass() ? t("达标", "PASS") : t("未达标", "MISS");
        g.setFont(report.font.bold(13));
        g.drawString(mark, x + cw - 14 - g.getFontMetrics().stringWidth(mark), y + 26);
      }
    }
  }

  /** What a card's value rests on, or a plain note where the figure needs one; null when nothing to say. */
  String basis(Metric m, KpiRow r) {
    if (r == null) {
      return null;
    }
    return switch (m) {
      case RESPONSE_RATE -> t("接待 ", "Receptions ") + Formats.count(r.receptions());
      case SATISFACTION -> t("评价 ", "Ratings ") + Formats.count(r.ratings());
      case FIRST_RESPONSE_AVG -> r.firstResponseAvg() != null && r.firstResponseP90() != null
          && r.firstResponseAvg() > r.firstResponseP90()
          ? t("均值高于 P90：少数很慢的回复拉高了均值", "Above the p90: a few slow answers pull it up") : null;
      default -> null;
    };
  }

  /** The month's teams side by side, the department last; a figure that misses its target in red. */
  void teamTable(Graphics2D g, ReportInput in, List<KpiRow> rows, List<Metric> shown) {
    report.title(g, t("团队对比", "Teams side by side") + " · " + in.month());
    List<Metric> cols = List.of(Metric.RESPONSE_RATE, Metric.FIRST_RESPONSE_AVG, Metric.FIRST_RESPONSE_P90,
        Metric.SATISFACTION, Metric.INQUIRY_CONVERSION, Metric.SALES, Metric.AVG_ORDER_VALUE).stream()
        .filter(shown::contains).toList();
    List<String> head = new ArrayList<>(List.of(t("团队", "Team"), t("接待", "Receptions")));
    cols.forEach(m -> head.add(m.label(report.zh) + (m == Metric.SATISFACTION ? t(" (评价数)", " (n)") : "")));
    float[] widths = new float[head.size()];
    boolean[] right = new boolean[head.size()];
    widths[0] = 170;
    widths[1] = 70;
    right[1] = true;
    for (int i = 2; i < widths.length; i++) {
      widths[i] = (W - 72 - 240) / cols.size();
      right[i] = true;
    }
    float y = 78;
    report.tableHead(g, head.toArray(String[]::new), widths, right, y);
    for (KpiRow r : rows) {
      y += 24;
      boolean all = "_all".equals(r.teamId());
      g.setFont(all ? report.font.bold(10) : report.font.size(10));
      g.setColor(INK);
      report.cells(g, new String[] {report.teamLabel(r.teamId(), r.teamName()), Formats.count(r.receptions())},
          java.util.Arrays.copyOf(widths, 2), java.util.Arrays.copyOf(right, 2), y);
      float x = 36 + widths[0] + widths[1];
      for (int i = 0; i < cols.size(); i++) {
        Metric m = cols.get(i);
        Double v = m.of(r);
        Double target = m == Metric.SALES ? null : report.targets.get(m);
        boolean miss = v != null && target != null && (m.higherIsBetter ? v < target : v > target);
        String cell = Formats.value(m, v, report.zh) + (m == Metric.SATISFACTION ? " (" + r.ratings() + ")" : "");
        g.setColor(miss ? MISS : INK);
        float w = g.getFontMetrics().stringWidth(cell);
        g.drawString(cell, x + widths[i + 2] - 6 - w, y);
        x += widths[i + 2];
      }
      g.setColor(new Color(0xEE, 0xF0, 0xF3));
      g.draw(new java.awt.geom.Line2D.Float(36, y + 8, W - 36, y + 8));
    }
    g.setColor(MUTED);
    g.setFont(report.font.size(9));
    g.drawString(t("红色：未达目标（目标见核心指标页）。全部团队一行为全部门的合计，不是各团队的平均。",
        "Red: misses its target (report.targets on the key figures page). The all-teams row is the whole department's,"
            + " not an average of the teams."), 36, H - 40);
  }
}
