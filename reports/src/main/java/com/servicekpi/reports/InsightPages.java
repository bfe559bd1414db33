package com.servicekpi.reports;

import java.awt.Color;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The team-lead pages of a monthly review (spec §8-§10): mentor groups side by side (导师分组对抗),
 * the effect of each training session (培训效果), and the month's unusual agent-days grouped by
 * agent (值得关注). Each is drawn only when the month has its data.
 */
final class InsightPages {
  /** Fewer agents than this in a cohort: the effect is shown, and said to be too few to read. */
  static final int FEW_AGENTS = 3;
  static final int FLAG_ROWS = 20;

  private final PdfReport r;
  private final InsightsInput in;

  InsightPages(PdfReport report, InsightsInput in) {
    this.r = report;
    this.in = in;
  }

  private String t(String zh, String en) {
    return r.t(zh, en);
  }

  /** At most this many groups get a line in the daily trends (the first of the ranking). */
  static final int TREND_GROUPS = 6;

  /**
   * The groups ranked (by sales when any group sells, else by response rate), and below the table
   * their daily trends: sales (or receptions), response rate and first response, a line per group.
   */
  void groups(Graphics2D g, java.time.YearMonth month) {
    boolean sales = in.groups().stream().anyMatch(x -> x.sales() != null && x.sales().signum() > 0);
    r.title(g, t("导师分组对抗", "Mentor groups side by side") + " · "
        + (sales ? t("按销售额排名", "ranked by sales") : t("按回复率排名", "ranked by response rate")));
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < in.groups().size(); i++) {
      order.add(i);
    }
    Comparator<Integer> by = sales
        ? Comparator.comparing(i -> in.groups().get(i).sales() == null ? 0 : in.groups().get(i).sales().doubleValue())
        : Comparator.comparing(i -> in.groups().get(i).responseRate() == null ? -1 : in.groups().get(i).responseRate());
    order.sort(by.reversed());
    String[] head = r.zh
        ? new String[] {"#", "分组", "人数", "接待", "回复率", "首响均值", "满意率 (评价数)", "询单转化", "销售额"}
        : new String[] {"#", "Group", "Agents", "Receptions", "Resp. rate", "First resp.", "Satisfaction (n)",
            "Inq. conv.", "Sales"};
    float[] widths = {30, 170, 50, 70, 70, 90, 120, 80, 90};
    boolean[] right = {true, false, true, true, true, true, true, true, true};
    float y = 78;
    r.tableHead(g, head, widths, right, y);
    int rank = 0;
    for (int i : order) {
      KpiRow x = in.groups().get(i);
      y += 22;
      rank++;
      String[] cells = {String.valueOf(rank), x.teamName() == null ? x.teamId() : x.teamName() + " (" + x.teamId() + ")",
          Formats.count(in.groupAgents().get(i)), Formats.count(x.receptions()),
          Formats.value(Metric.RESPONSE_RATE, x.responseRate(), r.zh),
          Formats.value(Metric.FIRST_RESPONSE_AVG, x.firstResponseAvg(), r.zh),
          Formats.value(Metric.SATISFACTION, x.satisfactionRate(), r.zh) + " (" + x.ratings() + ")",
          Formats.value(Metric.INQUIRY_CONVERSION, x.inquiryConversion(), r.zh),
          x.sales() == null ? "—" : Formats.money(x.sales().doubleValue())};
      g.setColor(rank == 1 ? new Color(0xA0, 0x52, 0x00) : PdfReport.INK);
      r.cells(g, cells, widths, right, y);
      g.setColor(new Color(0xEE, 0xF0, 0xF3));
      g.draw(new java.awt.geom.Line2D.Float(36, y + 7, PdfReport.W - 36, y + 7));
      if (y > PdfReport.H - 80) {
        break;
      }
    }
    float top = y + 24;
    if (top < PdfReport.H - 200 && !in.groupDaily().isEmpty()) {
      Map<String, List<KpiRow>> lines = new LinkedHashMap<>();
      List<java.awt.Color> colors = new ArrayList<>();
      List<Boolean> thick = new ArrayList<>();
      for (int i : order) {
        String id = in.groups().get(i).teamId();
        if (lines.size() < TREND_GROUPS && in.groupDaily().containsKey(id)) {
          lines.put(id, in.groupDaily().get(id));
          colors.add(PdfReport.PALETTE[lines.size() - 1]);
          thick.add(false);
        }
      }
      float gap = 12;
      float cw = (PdfReport.W - 72 - 2 * gap) / 3;
      float ch = PdfReport.H - 58 - top;
      org.jfree.chart.JFreeChart[] charts = {
          sales
              ? r.trends.trend(Metric.SALES.label(r.zh), month, TrendCharts.dataset(month, lines, Metric.SALES::of, r.zh),
                  colors, thick, Metric.Unit.MONEY, null, null)
              : r.trends.trend(t("接待人数", "Receptions"), month, TrendCharts.dataset(month, lines,
                  x -> (double) x.receptions(), r.zh), colors, thick, Metric.Unit.MONEY, null, null),
          r.trends.trend(Metric.RESPONSE_RATE.label(r.zh), month, TrendCharts.dataset(month, lines, Metric.RESPONSE_RATE::of,
              r.zh), colors, thick, Metric.Unit.RATE, null, null),
          r.trends.trend(Metric.FIRST_RESPONSE_AVG.label(r.zh), month, TrendCharts.dataset(month, lines,
              Metric.FIRST_RESPONSE_AVG::of, r.zh), colors, thick, Metric.Unit.SECONDS, null, null)};
      for (int i = 0; i < charts.length; i++) {
        charts[i].draw(g, new java.awt.geom.Rectangle2D.Double(36 + i * (cw + gap), top, cw, ch));
      }
    }
    g.setColor(PdfReport.MUTED);
    g.setFont(r.font.size(9));
    g.drawString(t("分组的指标按组员的数据计算，与团队相同：询单为组内去重买家，首响为组员全部接待的均值。"
            + (in.groups().size() > TREND_GROUPS ? "趋势图只画排名前 " + TREND_GROUPS + " 的分组。" : ""),
        "A group's figures are computed from its members' data as a team's are: inquiries are distinct buyers"
            + " within the group, first responses are over all the members' receptions."
            + (in.groups().size() > TREND_GROUPS ? " The trends show the first " + TREND_GROUPS + " groups." : "")),
        36, PdfReport.H - 40);
  }

  /** One block per session: each metric before and after, trained against comparison, and the effect. */
  void trainings(Graphics2D g) {
    r.title(g, t("培训效果（培训前后对比）", "Training effect (before and after)"));
    Map<String, List<InsightsInput.Effect>> sessions = new LinkedHashMap<>();
    in.trainings().forEach(e -> sessions.computeIfAbsent(e.trainingId() + "|" + e.trainedOn(), k -> new ArrayList<>()).add(e));
    float y = 78;
    for (List<InsightsInput.Effect> rows : sessions.values()) {
      if (y > PdfReport.H - 150) {
        g.setColor(PdfReport.MUTED);
        g.setFont(r.font.size(9));
        g.drawString(t("更多培训场次见 training_effect 表。", "More sessions: see the training_effect table."), 36, y);
        break;
      }
      InsightsInput.Effect s = rows.get(0);
      g.setColor(PdfReport.INK);
      g.setFont(r.font.bold(12));
      g.drawString((s.trainingName() == null ? s.trainingId() : s.trainingName() + " (" + s.trainingId() + ")")
          + " · " + s.trainedOn(), 36, y);
      g.setFont(r.font.size(10));
      g.setColor(PdfReport.MUTED);
      String cohorts = t("培训 " + s.trainedAgents() + " 人，对照 " + s.comparisonAgents() + " 人",
          s.trainedAgents() + " trained, " + s.comparisonAgents() + " in the comparison");
      if (s.trainedAgents() < FEW_AGENTS || s.comparisonAgents() < FEW_AGENTS) {
        cohorts += t("：人数太少，差异可能只是偶然，不宜下结论", ": too few agents to read anything into the difference");
      }
      if (!s.complete()) {
        cohorts += t("；培训后窗口尚未结束", "; the after window is not over yet");
      }
      g.drawString(cohorts, 36, y + 16);
      y += 36;
      String[] head = r.zh ? new String[] {"指标", "培训组 前 → 后", "对照组 前 → 后", "效果（双重差分）"}
          : new String[] {"Metric", "Trained before → after", "Comparison before → after", "Effect (diff. in diff.)"};
      float[] widths = {170, 190, 190, 220};
      boolean[] right = {false, true, true, true};
      g.setFont(r.font.bold(10));
      g.setColor(PdfReport.INK);
      r.cells(g, head, widths, right, y);
      g.setFont(r.font.size(10));
      for (InsightsInput.Effect e : rows) {
        y += 18;
        Metric m = metric(e.metric());
        boolean better = e.effect() != null && (m.higherIsBetter ? e.effect() > 0 : e.effect() < 0);
        String effect = e.effect() == null ? "—" : effect(m, e.effect()) + (better ? t("（改善）", " (better)")
            : e.effect() == 0 ? "" : t("（变差）", " (worse)"));
        String[] cells = {m.label(r.zh),
            Formats.value(m, e.trainedBefore(), r.zh) + " → " + Formats.value(m, e.trainedAfter(), r.zh),
            Formats.value(m, e.comparisonBefore(), r.zh) + " → " + Formats.value(m, e.comparisonAfter(), r.zh),
            effect};
        g.setColor(PdfReport.INK);
        r.cells(g, cells, widths, right, y);
        if (e.effect() != null && e.effect() != 0) {
          g.setColor(better ? PdfReport.PASS : PdfReport.MISS);
          g.fill(new java.awt.geom.Ellipse2D.Float(36 + 170 + 190 + 190 + 12, y - 8, 7, 7));
        }
      }
      y += 34;
    }
  }

  private String effect(Metric m, double v) {
    return m.unit == Metric.Unit.RATE ? String.format(Locale.ROOT, "%+.1f", v * 100) + t(" 个百分点", " pp")
        : (v >= 0 ? "+" : "-") + Formats.seconds(Math.abs(v), r.zh);
  }

  private static Metric metric(String name) {
    return switch (name) {
      case "response_rate" -> Metric.RESPONSE_RATE;
      case "first_response_avg_s" -> Metric.FIRST_RESPONSE_AVG;
      case "satisfaction_rate" -> Metric.SATISFACTION;
      default -> Metric.INQUIRY_CONVERSION;
    };
  }

  /** The month's flags, grouped by agent: whom to talk to, and about what. */
  void flags(Graphics2D g) {
    r.title(g, t("值得关注（不合常理的数据）", "Worth a look (numbers that do not add up)"));
    float y = 78;
    String agent = null;
    int shown = 0;
    for (InsightsInput.Flag f : in.flags()) {
      if (shown == FLAG_ROWS) {
        g.setColor(PdfReport.MUTED);
        g.setFont(r.font.size(9));
        g.drawString(t("另有 " + (in.flags().size() - shown) + " 条，见 agent_flags 表。",
            (in.flags().size() - shown) + " more: see the agent_flags table."), 36, y + 18);
        break;
      }
      if (!f.agentId().equals(agent)) {
        agent = f.agentId();
        y += agent == null ? 0 : 8;
        g.setColor(PdfReport.INK);
        g.setFont(r.font.bold(11));
        g.drawString((f.agentName() == null ? f.agentId() : f.agentName() + " " + f.agentId()) + " · "
            + r.teamLabel(f.teamId(), null), 36, y);
        y += 18;
      }
      g.setColor(PdfReport.INK);
      g.setFont(r.font.size(10));
      g.drawString(f.date() + "  " + sentence(f), 52, y);
      y += 18;
      shown++;
    }
    g.setColor(PdfReport.MUTED);
    g.setFont(r.font.size(9));
    g.drawString(t("只看接待或分母足够多的客服日；离群按同团队当天的中位数与稳健 z 分数判断（flags.*）。",
        "Only agent-days with enough receptions (or ratings, inquiries) are held against the rules; outliers are"
            + " far from the median of the team that day in robust z-scores (flags.*)."), 36, PdfReport.H - 40);
  }

  /** A flag in a lead's words, with its value and reference. */
  String sentence(InsightsInput.Flag f) {
    Metric m = metric(f.metric().equals("first_response_p50_s") ? "first_response_avg_s" : f.metric());
    String v = Formats.value(m, f.value(), r.zh);
    String ref = Formats.value(m, f.reference(), r.zh);
    return switch (f.flag()) {
      case "too_fast" -> t("首次响应中位数 " + v + "，快于 " + ref + "：比任何人打字都快，可能是自动回复算到了客服头上",
          "median first response " + v + ", under " + ref + ": faster than anyone types, an auto-reply may be"
              + " counted as the agent");
      case "no_replies" -> t("接待了买家却一条都没回复（回复率 " + v + "）",
          "received buyers and replied to none (response rate " + v + ")");
      case "outlier_high" -> t(m.label(true) + " " + v + "，远高于团队当天的中位数 " + ref,
          m.label(false) + " " + v + ", far above the team's median of " + ref + " that day");
      default -> t(m.label(true) + " " + v + "，远低于团队当天的中位数 " + ref,
          m.label(false) + " " + v + ", far below the team's median of " + ref + " that day");
    };
  }
}
