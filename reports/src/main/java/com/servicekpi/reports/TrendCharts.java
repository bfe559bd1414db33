package com.servicekpi.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.time.Day;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/**
 * The daily trend charts of the reports: a month's line per team (or group, or queue), the
 * department's as a thick line, the target and last month's value as dashed lines, axes fitted to
 * the data.
 */
final class TrendCharts {
  private final PdfReport r;

  TrendCharts(PdfReport report) {
    this.r = report;
  }

  /**
   * The daily trends of a group of metrics, 2 or 3 to a row: the department (all teams) as a thick
   * dark line, each team as a thin one; the unassigned agents and teams without a value for the
   * metric all month are left out.
   */
  void charts(Graphics2D g, ReportInput in, List<Metric> metrics, String group) {
    r.title(g, r.t("每日趋势", "Daily trends") + " · " + group + " · " + in.month());
    int perRow = metrics.size() > 4 ? 3 : 2;
    int rows = (metrics.size() + perRow - 1) / perRow;
    float gap = 12;
    float cw = (PdfReport.W - 72 - (perRow - 1) * gap) / perRow;
    float ch = (PdfReport.H - 62 - 40 - (rows - 1) * gap) / rows;
    for (int i = 0; i < metrics.size(); i++) {
      float x = 36 + (i % perRow) * (cw + gap);
      float y = 58 + (i / perRow) * (ch + gap);
      chart(in, metrics.get(i)).draw(g, new Rectangle2D.Double(x, y, cw, ch));
    }
  }

  /**
   * The data of one trend chart: a series per line of {@code in.daily()} (legend order), one item
   * per day of the month, null on days without a value (drawn as a gap).
   */
  static TimeSeriesCollection dataset(ReportInput in, Metric m, boolean zh) {
    return dataset(in.month(), in.daily(), m::of, zh);
  }

  /** A trend chart's data: a series per line (its rows' team or group), one item per day of the month. */
  static TimeSeriesCollection dataset(java.time.YearMonth month, Map<String, List<KpiRow>> lines,
                                      java.util.function.Function<KpiRow, Double> value, boolean zh) {
    TimeSeriesCollection data = new TimeSeriesCollection();
    for (Map.Entry<String, List<KpiRow>> line : lines.entrySet()) {
      String id = line.getKey();
      String name = line.getValue().isEmpty() ? null : line.getValue().get(0).teamName();
      TimeSeries s = new TimeSeries(PdfReport.teamLabel(id, name, zh));
      for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth()); d = d.plusDays(1)) {
        s.add(day(d), (Number) null);
      }
      for (KpiRow r : line.getValue()) {
        Double v = value.apply(r);
        if (v != null) {
          s.addOrUpdate(day(LocalDate.parse(r.period())), v);
        }
      }
      data.addSeries(s);
    }
    return data;
  }

  JFreeChart chart(ReportInput in, Metric m) {
    List<Color> colors = new ArrayList<>();
    List<Boolean> thick = new ArrayList<>();
    Map<String, List<KpiRow>> lines = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, List<KpiRow>> e : in.daily().entrySet()) {
      String id = e.getKey();
      boolean any = e.getValue().stream().map(m::of).anyMatch(v -> v != null && v != 0);
      // a team report's sales line against the department's total would compare a part with the whole
      boolean totalInTeamReport = "_all".equals(id) && in.teamId() != null && m == Metric.SALES;
      if ("_unassigned".equals(id) || !"_all".equals(id) && !any || totalInTeamReport) {
        continue;
      }
      lines.put(id, e.getValue());
      Color c = "_all".equals(id) ? PdfReport.ALL : PdfReport.PALETTE[Math.max(0, in.teamOrder().indexOf(id)) % PdfReport.PALETTE.length];
      // teams as lighter lines under the department's, so the department's trend reads first
      colors.add("_all".equals(id) ? c : new Color(c.getRed(), c.getGreen(), c.getBlue(), 150));
      thick.add("_all".equals(id));
    }
    Double last = in.coverage() != null && !in.coverage().comparable() ? null : m.of(in.previous());
    // a team's daily satisfaction on two or three ratings swings between 0% and 100%: such days
    // are left out of its line (the department's line keeps every day)
    java.util.function.Function<KpiRow, Double> value = m != Metric.SATISFACTION ? m::of
        : r -> "_all".equals(r.teamId()) || r.ratings() >= PdfReport.MIN_DAILY_RATINGS ? m.of(r) : null;
    // dozens of teams: grey lines without a legend under the department's line (the team
    // comparison table names them)
    boolean many = lines.size() > PdfReport.MAX_LEGEND_LINES;
    if (many) {
      for (int i = 0; i < colors.size(); i++) {
        if (!thick.get(i)) {
          colors.set(i, new Color(0xB0, 0xB6, 0xBE, 140));
        }
      }
    }
    JFreeChart chart = trend(m.label(r.zh), in.month(), dataset(in.month(), lines, value, r.zh), colors, thick, m.unit,
        m == Metric.SALES ? null : r.targets.get(m), m == Metric.SALES ? null : last);
    if (many) {
      chart.removeLegend();
      org.jfree.chart.title.TextTitle note = new org.jfree.chart.title.TextTitle(
          r.t("黑线：全部团队；灰线：" + (lines.size() - 1) + " 个团队（见团队对比）", "dark: all teams; grey: "
              + (lines.size() - 1) + " teams (see the team comparison)"), r.font.size(8));
      note.setPaint(PdfReport.MUTED);
      chart.addSubtitle(note);
    }
    if (m == Metric.SATISFACTION && lines.size() > 1) {
      org.jfree.chart.title.TextTitle note = new org.jfree.chart.title.TextTitle(
          r.t("团队线只画评价 ≥ " + PdfReport.MIN_DAILY_RATINGS + " 条的日子", "team lines: days with " + PdfReport.MIN_DAILY_RATINGS
              + " ratings or more"), r.font.size(8));
      note.setPaint(PdfReport.MUTED);
      chart.addSubtitle(note);
    }
    return chart;
  }

  /**
   * A daily trend chart of one month: a line per series, the axis in the unit, the target and last
   * month's value as dashed lines.
   */
  JFreeChart trend(String title, java.time.YearMonth month, TimeSeriesCollection data, List<Color> colors,
                   List<Boolean> thick, Metric.Unit unit, Double target, Double last) {
    JFreeChart chart = ChartFactory.createTimeSeriesChart(title, null, null, data, true, false, false);
    StandardChartTheme theme = new StandardChartTheme("service-kpi");
    theme.setExtraLargeFont(r.font.bold(13));
    theme.setLargeFont(r.font.size(11));
    theme.setRegularFont(r.font.size(9));
    theme.setSmallFont(r.font.size(8));
    theme.apply(chart);
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(PdfReport.LINE);
    plot.setRangeGridlinePaint(PdfReport.LINE);
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < colors.size(); i++) {
      lines.setSeriesPaint(i, colors.get(i));
      lines.setSeriesStroke(i, new BasicStroke(thick.get(i) ? 2.6f : 1.3f));
      lines.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2, -2, 4, 4));
    }
    plot.setRenderer(lines);
    // the later series on top: the department's line, last in the overview, over the teams'
    plot.setSeriesRenderingOrder(org.jfree.chart.plot.SeriesRenderingOrder.FORWARD);
    DateAxis x = (DateAxis) plot.getDomainAxis();
    SimpleDateFormat md = new SimpleDateFormat("MM-dd");
    x.setDateFormatOverride(md);
    // a tick a week: five labels a month fit the narrowest chart
    x.setTickUnit(new DateTickUnit(DateTickUnitType.DAY, 7), false, true);
    x.setRange(day(month.atDay(1)).getFirstMillisecond() - 12 * 3600_000L,
        day(month.atEndOfMonth()).getFirstMillisecond() + 12 * 3600_000L);
    NumberAxis y = (NumberAxis) plot.getRangeAxis();
    switch (unit) {
      case RATE -> {
        // fitted to the data (and the target and last month's lines), within 0-100%: rates that
        // lie between 85% and 100% fill the chart instead of its top sixth
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (int si = 0; si < data.getSeriesCount(); si++) {
          for (int ii = 0; ii < data.getItemCount(si); ii++) {
            Number v = data.getY(si, ii);
            if (v != null) {
              lo = Math.min(lo, v.doubleValue());
              hi = Math.max(hi, v.doubleValue());
            }
          }
        }
        for (Double v : new Double[] {target, last}) {
          if (v != null) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
        if (lo > hi) {
          y.setRange(0, 1.0);
        } else {
          double pad = Math.max(0.02, (hi - lo) * 0.08);
          double lower = Math.max(0, Math.floor((lo - pad) * 20) / 20);
          double upper = Math.min(1.0, Math.ceil((hi + pad) * 20) / 20);
          y.setRange(lower, Math.max(upper, lower + 0.05));
        }
        y.setNumberFormatOverride(NumberFormat.getPercentInstance(Locale.ROOT));
      }
      case SECONDS -> {
        y.setAutoRangeIncludesZero(true);
        // one slow day of one team would stretch the axis to many times the rest: the axis ends
        // a little above the 95th percentile of the points, and the chart says that some lie above
        List<Double> values = new ArrayList<>();
        for (int si = 0; si < data.getSeriesCount(); si++) {
          for (int ii = 0; ii < data.getItemCount(si); ii++) {
            Number v = data.getY(si, ii);
            if (v != null) {
              values.add(v.doubleValue());
            }
          }
        }
        double top = 0;
        for (Double v : values) {
          top = Math.max(top, v);
        }
        for (Double v : new Double[] {target, last}) {
          top = v == null ? top : Math.max(top, v);
        }
        if (values.size() >= 20) {
          java.util.Collections.sort(values);
          double p95 = values.get((int) Math.floor(0.95 * (values.size() - 1)));
          double upper = Math.max(p95 * 1.3, target == null ? 0 : target * 1.2);
          if (values.get(values.size() - 1) > upper * 1.15) {
            y.setRange(0, upper);
            top = upper;
            org.jfree.chart.title.TextTitle clipped = new org.jfree.chart.title.TextTitle(
                r.t("个别日子超出坐标轴上限", "a few days lie above the axis"), r.font.size(8));
            clipped.setPaint(PdfReport.MUTED);
            chart.addSubtitle(clipped);
          }
        }
        y.setStandardTickUnits(durationTicks(top));
      }
      case MONEY -> {
        y.setAutoRangeIncludesZero(true);
        y.setNumberFormatOverride(new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
      }
    }
    if (target != null) {
      marker(plot, target, PdfReport.MISS, r.t("目标", "target"), new float[] {6f, 4f}, unit == Metric.Unit.RATE && target > 0.9);
    }
    if (last != null) {
      marker(plot, last, PdfReport.MUTED, r.t("上月", "last month"), new float[] {2f, 3f}, unit == Metric.Unit.RATE && last > 0.9);
    }
    return chart;
  }

  static Day day(LocalDate d) {
    return new Day(d.getDayOfMonth(), d.getMonthValue(), d.getYear());
  }

  private void marker(XYPlot plot, double value, Color color, String label, float[] dash, boolean below) {
    ValueMarker mk = new ValueMarker(value, color, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
    mk.setLabel(label);
    mk.setLabelFont(r.font.size(8));
    mk.setLabelPaint(color);
    // at the right edge, on a near-opaque white box: readable over the lines, hiding as little as possible
    mk.setLabelBackgroundColor(new Color(255, 255, 255, 220));
    mk.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    mk.setLabelTextAnchor(below ? TextAnchor.TOP_RIGHT : TextAnchor.BOTTOM_RIGHT);
    plot.addRangeMarker(mk);
  }

  /**
   * Tick units for an axis of seconds, labelled in the unit its top value reads best in: seconds,
   * minutes from 20 minutes, hours from 2 hours (a social-media team's answers take hours). The
   * ticks fall on round numbers of that unit.
   */
  static org.jfree.chart.axis.TickUnits durationTicks(double top) {
    double scale = top >= 7200 ? 3600 : top >= 1200 ? 60 : 1;
    String unit = scale == 3600 ? " h" : scale == 60 ? " min" : " s";
    DecimalFormat number = new DecimalFormat("#,##0.#", DecimalFormatSymbols.getInstance(Locale.ROOT));
    NumberFormat label = new NumberFormat() {
      @Override
      public StringBuffer format(double v, StringBuffer b, java.text.FieldPosition p) {
        return b.append(number.format(v / scale)).append(unit);
      }

      @Override
      public StringBuffer format(long v, StringBuffer b, java.text.FieldPosition p) {
        return format((double) v, b, p);
      }

      @Override
      public Number parse(String text, java.text.ParsePosition p) {
        throw new UnsupportedOperationException("labels only");
      }
    };
    org.jfree.chart.axis.TickUnits ticks = new org.jfree.chart.axis.TickUnits();
    for (double step : new double[] {0.5, 1, 2, 5, 10, 15, 20, 30, 50, 100, 200, 500, 1000, 2000, 5000}) {
      if (scale == 1 || step >= 1) {
        ticks.add(new org.jfree.chart.axis.NumberTickUnit(step * scale, label));
      }
    }
    return ticks;
  }
}
