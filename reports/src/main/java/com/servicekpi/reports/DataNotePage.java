package com.servicekpi.reports;

import static com.servicekpi.reports.PdfReport.INK;
import static com.servicekpi.reports.PdfReport.W;

import java.awt.Graphics2D;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The data note: days without data, agents outside the roster, the run's row accounting, how rates are made. */
final class DataNotePage extends Section {
  DataNotePage(PdfReport report) {
    super(report);
  }

  void note(Graphics2D g, ReportInput in) {
    report.title(g, t("数据说明", "Data note"));
    float y = 80;
    g.setFont(report.font.size(11));
    g.setColor(INK);
    ReportInput.DataNote n = in.note();
    List<String> lines = new ArrayList<>();
    lines.add(t("无数据的日期：", "Days without data: ")
        + (n.daysWithoutData().isEmpty() ? t("无", "none") : String.join(", ", spans(n.daysWithoutData()))));
    lines.add(t("不在花名册中的客服（_unassigned）：", "Agents outside the roster (_unassigned): ")
        + (n.unassignedAgents().isEmpty() ? t("无", "none") : String.join(", ", n.unassignedAgents())));
    lines.add("");
    lines.add(t("数据来源（全部门，最近一次计算；明细见输出目录的 _runs/）：",
        "The data (whole department, latest computation; details in the output's _runs/):"));
    n.runFigures().forEach((k, v) -> lines.add("    " + k + ": " + v));
    lines.add("");
    lines.add(t("比率 = 分子合计 / 分母合计（不对日比率求平均）；分母为 0 时显示 —。",
        "Rates are sums divided last (never averages of daily rates); a zero denominator shows —."));
    lines.add(t("报告生成于 ", "Generated on ") + LocalDate.now(ZoneOffset.UTC) + " (UTC)");
    for (String line : lines) {
      for (String part : wrap(g, line, W - 72)) {
        g.drawString(part, 36, y);
        y += 18;
      }
    }
  }

  /** Dates as runs of consecutive days: 2026-10-01 – 10-05, 2026-10-09. */
  static List<String> spans(List<String> dates) {
    List<String> out = new ArrayList<>();
    List<LocalDate> ds = dates.stream().map(LocalDate::parse).sorted().toList();
    for (int i = 0; i < ds.size(); ) {
      int j = i;
      while (j + 1 < ds.size() && ds.get(j + 1).equals(ds.get(j).plusDays(1))) {
        j++;
      }
      out.add(j == i ? ds.get(i).toString() : ds.get(i) + " – " + ds.get(j).toString().substring(5));
      i = j + 1;
    }
    return out;
  }

  /** A line in pieces that fit the width, broken after a comma or a space where there is one. */
  private static List<String> wrap(Graphics2D g, String s, float width) {
    List<String> out = new ArrayList<>();
    String rest = s;
    while (g.getFontMetrics().stringWidth(rest) > width && rest.length() > 1) {
      int cut = rest.length();
      while (cut > 1 && g.getFontMetrics().stringWidth(rest.substring(0, cut)) > width) {
        cut--;
      }
      int soft = Math.max(rest.lastIndexOf(", ", cut - 1) + 2, Math.max(rest.lastIndexOf("，", cut - 1) + 1,
          rest.lastIndexOf(' ', cut - 1) + 1));
      if (soft > cut / 2) {
        cut = soft;
      }
      out.add(rest.substring(0, cut));
      rest = "    " + rest.substring(cut);
    }
    out.add(rest);
    return out;
  }
}
