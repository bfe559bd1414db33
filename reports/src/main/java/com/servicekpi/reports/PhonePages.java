package com.servicekpi.reports;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * The phone pages of a monthly review (spec §6): the month's key figures against last month and
 * target, the daily trends per queue, service level by weekday and half hour beside the offered
 * load and the agents it needs (Erlang C), and the agents by calls answered.
 */
final class PhonePages {
  private static final String[] WEEKDAYS_ZH = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};
  private static final String[] WEEKDAYS_EN = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final int RANKING_ROWS = 20;

  /** A phone KPI: labels, unit, direction, target key, value in a row. */
  record Kpi(String zh, String en, Metric.Unit unit, boolean higherIsBetter, String targetKey,
             Function<PhoneInput.QueueRow, Double> value) {}

  static final List<Kpi> KPIS = List.of(
      new Kpi("接听率", "Answer rate", Metric.Unit.RATE, true, "answer-rate", PhoneInput.QueueRow::answerRate),
      new Kpi("服务水平", "Service level", Metric.Unit.RATE, true, "service-level", PhoneInput.QueueRow::serviceLevel),
      new Kpi("平均应答速度", "Avg speed of answer", Metric.Unit.SECONDS, false, "asa-s", PhoneInput.QueueRow::asa),
      new Kpi("放弃率", "Abandon rate", Metric.Unit.RATE, false, "abandon-rate", PhoneInput.QueueRow::abandonRate),
      new Kpi("平均处理时长", "Avg handle time", Metric.Unit.SECONDS, false, "aht-s", PhoneInput.QueueRow::aht));

  private final PdfReport r;
  private final PhoneInput in;
  private final Map<String, Double> targets;

  PhonePages(PdfReport report, PhoneInput in, Map<String, Double> targets) {
    this.r = report;
    this.in = in;
    this.targets = targets;
  }

  private String t(String zh, String en) {
    return r.t(zh, en);
  }

  private String value(Kpi k, Double v) {
    if (v == null) {
      return "—";
    }
    return k.unit() == Metric.Unit.RATE ? Formats.rate(v) : Formats.seconds(v, r.zh);
  }

  void cards(Graphics2D g, YearMonth month) {
    PhoneInput.QueueRow c = in.current();
    r.title(g, t("电话核心指标", "Phone key figures") + " · " + month);
    g.setFont(r.font.size(11));
    g.setColor(PdfReport.MUTED);
    g.drawString(t("来电 ", "Offered ") + Formats.count(c.offered()) + t("，接听 ", ", answered ")
        + Formats.count(c.answered()) + t("，放弃 ", ", abandoned ") + Formats.count(c.abandoned())
        + t("，秒挂（不计入比率） ", ", short abandons (left out of the rates) ") + Formats.count(c.shortAbandoned()),
        36, 76);
    float cw = 246;
    float ch = 150;
    for (int i = 0; i < KPIS.size(); i++) {
      Kpi k = KPIS.get(i);
      Double now = k.value().apply(c);
      Double before = in.previous() == null ? null : k.value().apply(in.previous());
      Double target = targets.get(k.targetKey());
      float x = 36 + (i % 3) * (cw + 14);
      float y = 92 + (i / 3) * (ch + 12);
      g.setColor(new Color(0xF6, 0xF8, 0xFA));
      g.fill(new RoundRectangle2D.Float(x, y, cw, ch, 10, 10));
      g.setColor(PdfReport.LINE);
      g.draw(new RoundRectangle2D.Float(x, y, cw, ch, 10, 10));
      g.setColor(PdfReport.MUTED);
      g.setFont(r.font.size(12));
      g.drawString(r.zh ? k.zh() : k.en(), x + 14, y + 24);
      g.setColor(PdfReport.INK);
      g.setFont(r.font.bold(24));
      g.drawString(value(k, now), x + 14, y + 60);
      g.setFont(r.font.size(10));
      g.setColor(PdfReport.MUTED);
      g.drawString(t("上月 ", "Last month ") + value(k, before), x + 14, y + 86);
      String change = now == null || before == null ? "—" : k.unit() == Metric.Unit.RATE
          ? String.format(Locale.ROOT, "%+.1f", (now - before) * 100) + t(" 个百分点", " pp")
          : (now >= before ? "+" : "-") + Formats.seconds(Math.abs(now - before), r.zh);
      g.drawString(t("变化 ", "Change ") + change, x + 14, y + 104);
      if (target != null) {
        g.drawString(t("目标 ", "Target ") + (k.higherIsBetter() ? "≥ " : "≤ ") + value(k, target), x + 14, y + 122);
        if (now != null) {
          boolean pass = k.higherIsBetter() ? now >= target : now <= target;
          String mark = pass ? t("达标", "PASS") : t("未达标", "MISS");
          g.setFont(r.font.bold(11));
          g.setColor(pass ? PdfReport.PASS : PdfReport.MISS);
          g.drawString(mark, x + cw - 14 - g.getFontMetrics().stringWidth(mark), y + 24);
        }
      }
    }
  }

  void trends(Graphics2D g, YearMonth month) {
    r.title(g, t("电话每日趋势（按队列）", "Phone daily trends (per queue)") + " · " + month);
    List<Kpi> shown = List.of(KPIS.get(0), KPIS.get(1), KPIS.get(2), KPIS.get(4));
    float cw = 378;
    float ch = 240;
    for (int i = 0; i < shown.size(); i++) {
      Kpi k = shown.get(i);
      TimeSeriesCollection data = new TimeSeriesCollection();
      List<Color> colors = new ArrayList<>();
      List<Boolean> thick = new ArrayList<>();
      int n = 0;
      for (Map.Entry<String, List<PhoneInput.QueueRow>> line : in.daily().entrySet()) {
        boolean all = line.getKey().equals("_all");
        TimeSeries s = new TimeSeries(all ? t("全部队列", "All queues") : line.getKey());
        for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth()); d = d.plusDays(1)) {
          s.add(TrendCharts.day(d), (Number) null);
        }
        for (PhoneInput.QueueRow q : line.getValue()) {
          Double v = k.value().apply(q);
          if (v != null) {
            s.addOrUpdate(TrendCharts.day(LocalDate.parse(q.period())), v);
          }
        }
        data.addSeries(s);
        colors.add(all ? PdfReport.ALL : PdfReport.PALETTE[n++ % PdfReport.PALETTE.length]);
        thick.add(all);
      }
      Double last = in.previous() == null ? null : k.value().apply(in.previous());
      JFreeChart chart = r.trends.trend(r.zh ? k.zh() : k.en(), month, data, colors, thick, k.unit(),
          targets.get(k.targetKey()), last);
      float x = 36 + (i % 2) * (cw + 14);
      float y = 62 + (i / 2) * (ch + 10);
      chart.draw(g, new Rectangle2D.Double(x, y, cw, ch));
    }
  }

  /** The intervals with at least one call in the month, in time order. */
  private List<String> intervals() {
    TreeSet<String> out = new TreeSet<>();
    in.heat().forEach(c -> out.add(c.interval()));
    return new ArrayList<>(out);
  }

  void heatmap(Graphics2D g) {
    r.title(g, t("服务水平（按星期与时段）与所需人力", "Service level by weekday and interval, and the agents it needs"));
    List<String> intervals = intervals();
    if (intervals.isEmpty()) {
      return;
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    List<double[]> cells = new ArrayList<>();
    for (PhoneInput.HeatCell c : in.heat()) {
      Double sl = c.serviceLevel();
      if (sl != null) {
        cells.add(new double[] {intervals.indexOf(c.interval()), c.weekday() - 1, sl});
      }
    }
    double[][] xyz = new double[3][cells.size()];
    for (int i = 0; i < cells.size(); i++) {
      for (int k = 0; k < 3; k++) {
        xyz[k][i] = cells.get(i)[k];
      }
    }
    data.addSeries(t("服务水平", "Service level"), xyz);
    SymbolAxis x = new SymbolAxis(null, intervals.toArray(String[]::new));
    x.setVerticalTickLabels(true);
    x.setTickLabelFont(r.font.size(7));
    SymbolAxis y = new SymbolAxis(null, r.zh ? WEEKDAYS_ZH : WEEKDAYS_EN);
    y.setInverted(true);
    y.setTickLabelFont(r.font.size(9));
    XYBlockRenderer blocks = new XYBlockRenderer();
    Double target = targets.get("service-level");
    double goal = target == null ? 0.8 : target;
    LookupPaintScale scale = new LookupPaintScale(0, 1.0001, new Color(0xC0, 0x1C, 0x28));
    scale.add(goal * 0.75, new Color(0xF4, 0xA5, 0x82));
    scale.add(goal, new Color(0xD9, 0xF0, 0xD3));
    scale.add(Math.min(1, goal + (1 - goal) / 2), new Color(0x5A, 0xAE, 0x61));
    blocks.setPaintScale(scale);
    XYPlot plot = new XYPlot(data, x, y, blocks);
    plot.setBackgroundPaint(new Color(0xF0, 0xF0, 0xF0));
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    JFreeChart heat = new JFreeChart(t("服务水平（灰色：无来电）", "Service level (grey: no calls)"), r.font.bold(12),
        plot, false);
    NumberAxis legendAxis = new NumberAxis();
    legendAxis.setRange(0, 1);
    legendAxis.setNumberFormatOverride(NumberFormat.getPercentInstance(Locale.ROOT));
    legendAxis.setTickLabelFont(r.font.size(8));
    PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setMargin(4, 4, 4, 4);
    heat.addSubtitle(legend);
    heat.setBackgroundPaint(Color.WHITE);
    heat.draw(g, new Rectangle2D.Double(36, 60, PdfReport.W - 72, 250));

    // offered calls and required agents per interval, on average over the month's dates
    DefaultCategoryDataset offered = new DefaultCategoryDataset();
    DefaultCategoryDataset required = new DefaultCategoryDataset();
    String offeredLabel = t("平均来电数", "Avg calls offered");
    String requiredLabel = t("平均所需坐席（Erlang C）", "Avg agents needed (Erlang C)");
    for (String interval : intervals) {
      long calls = 0;
      long agents = 0;
      int dates = 0;
      for (PhoneInput.HeatCell c : in.heat()) {
        if (c.interval().equals(interval)) {
          calls += c.offered();
          agents += c.requiredAgentsSum();
          dates += c.dates();
        }
      }
      offered.addValue(dates == 0 ? 0 : (double) calls / dates, offeredLabel, interval);
      required.addValue(dates == 0 ? 0 : (double) agents / dates, requiredLabel, interval);
    }
    CategoryAxis cx = new CategoryAxis();
    cx.setCategoryLabelPositions(CategoryLabelPositions.UP_90);
    cx.setTickLabelFont(r.font.size(7));
    NumberAxis left = new NumberAxis(offeredLabel);
    left.setLabelFont(r.font.size(9));
    BarRenderer bars = new BarRenderer();
    bars.setBarPainter(new StandardBarPainter());
    bars.setShadowVisible(false);
    bars.setSeriesPaint(0, new Color(0x9E, 0xC5, 0xE6));
    CategoryPlot load = new CategoryPlot(offered, cx, left, bars);
    NumberAxis right = new NumberAxis(requiredLabel);
    right.setLabelFont(r.font.size(9));
    right.setNumberFormatOverride(new DecimalFormat("0.#", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    load.setRangeAxis(1, right);
    load.setDataset(1, required);
    load.mapDatasetToRangeAxis(1, 1);
    LineAndShapeRenderer line = new LineAndShapeRenderer(true, true);
    line.setSeriesPaint(0, new Color(0xC0, 0x5A, 0x00));
    load.setRenderer(1, line);
    load.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    load.setBackgroundPaint(Color.WHITE);
    load.setRangeGridlinePaint(PdfReport.LINE);
    JFreeChart loadChart = new JFreeChart(t("来电量与所需坐席（每个时段，按日平均）",
        "Calls offered and agents needed (per interval, average day)"), r.font.bold(12), load, true);
    StandardChartTheme theme = new StandardChartTheme("service-kpi");
    theme.setRegularFont(r.font.size(9));
    theme.setSmallFont(r.font.size(8));
    loadChart.getLegend().setItemFont(r.font.size(9));
    loadChart.setBackgroundPaint(Color.WHITE);
    loadChart.draw(g, new Rectangle2D.Double(36, 318, PdfReport.W - 72, 232));
  }

  void ranking(Graphics2D g) {
    r.title(g, t("电话客服排名（按接听量）", "Phone agents (by calls answered)"));
    String[] head = r.zh ? new String[] {"#", "客服", "团队", "接听", "平均处理时长", "满意率 (评价数)"}
        : new String[] {"#", "Agent", "Team", "Answered", "Avg handle time", "Satisfaction (n)"};
    float[] widths = {36, 200, 190, 90, 120, 134};
    boolean[] right = {true, false, false, true, true, true};
    float y = 74;
    r.tableHead(g, head, widths, right, y);
    int rank = 0;
    for (PhoneInput.PhoneAgent a : in.agents().subList(0, Math.min(RANKING_ROWS, in.agents().size()))) {
      y += 22;
      rank++;
      String name = a.agentName() == null ? a.agentId() : a.agentName() + " " + a.agentId();
      String[] cells = {String.valueOf(rank), name, r.teamLabel(a.teamId(), a.teamName()), Formats.count(a.answered()),
          a.aht() == null ? "—" : Formats.seconds(a.aht(), r.zh),
          (a.satisfaction() == null ? "—" : Formats.rate(a.satisfaction())) + " (" + a.ratings() + ")"};
      g.setColor(PdfReport.INK);
      r.cells(g, cells, widths, right, y);
      g.setColor(new Color(0xEE, 0xF0, 0xF3));
      g.draw(new java.awt.geom.Line2D.Float(36, y + 7, PdfReport.W - 36, y + 7));
    }
    if (in.agents().size() > RANKING_ROWS) {
      g.setColor(PdfReport.MUTED);
      g.setFont(r.font.size(9));
      g.drawString(t("另有 " + (in.agents().size() - RANKING_ROWS) + " 名客服接听了电话，见 agent_monthly 表。",
          (in.agents().size() - RANKING_ROWS) + " more agents answered calls: see the agent_monthly table."), 36, y + 26);
    }
  }
}
