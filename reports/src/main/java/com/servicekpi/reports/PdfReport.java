package com.servicekpi.reports;

import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2DFontTextDrawer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;

/**
 * Writes one monthly review PDF: A4 landscape, every page drawn with Java2D onto PDFBox (vector
 * charts, real embedded text), a cover, the KPI cards, daily trend charts, the agent ranking and a
 * data note, with page numbers and bookmarks.
 */
public final class PdfReport {
  static final float W = 842f;
  static final float H = 595f;
  static final Color INK = new Color(0x22, 0x2B, 0x36);
  static final Color MUTED = new Color(0x6B, 0x75, 0x80);
  static final Color LINE = new Color(0xD5, 0xDA, 0xE0);
  static final Color PASS = new Color(0x1B, 0x7F, 0x3B);
  static final Color MISS = new Color(0xC0, 0x1C, 0x28);
  static final Color ALL = new Color(0x44, 0x44, 0x44);
  static final Color[] PALETTE = {
      new Color(0x1F, 0x77, 0xB4), new Color(0xFF, 0x7F, 0x0E), new Color(0x2C, 0xA0, 0x2C),
      new Color(0x94, 0x67, 0xBD), new Color(0x8C, 0x56, 0x4B), new Color(0xE3, 0x77, 0xC2),
      new Color(0x17, 0xBE, 0xCF), new Color(0xBC, 0xBD, 0x22), new Color(0x7F, 0x7F, 0x7F)};
  private static final int RANKING_ROWS = 20;
  private static final int TEAM_ROWS = 18;
  static final int MIN_DAILY_RATINGS = 5;
  /** More lines than this in a trend chart: the teams are drawn grey, without a legend. */
  static final int MAX_LEGEND_LINES = 9;
  /** The metrics that need orders: left out of a month in which nobody sold. */
  static final List<Metric> SALES_METRICS = List.of(Metric.INQUIRY_CONVERSION, Metric.PAID_CONVERSION, Metric.SALES,
      Metric.AVG_ORDER_VALUE);

  final Fonts.CjkFont font;
  final boolean zh;
  final Map<Metric, Double> targets;
  private final long minRatings;
  /** The daily trend charts (a page of its own per group of metrics). */
  final TrendCharts trends = new TrendCharts(this);

  private final Map<String, Double> phoneTargets;

  public PdfReport(Fonts.CjkFont font, boolean chinese, Map<Metric, Double> targets, long serviceStarMinRatings) {
    this(font, chinese, targets, serviceStarMinRatings, Map.of());
  }

  /** @param phoneTargets targets.answer-rate, service-level, asa-s, abandon-rate, aht-s (absent: none) */
  public PdfReport(Fonts.CjkFont font, boolean chinese, Map<Metric, Double> targets, long serviceStarMinRatings,
                   Map<String, Double> phoneTargets) {
    this.font = font;
    this.zh = chinese;
    this.targets = targets;
    this.minRatings = serviceStarMinRatings;
    this.phoneTargets = phoneTargets;
  }

  private record Page(String bookmark, Consumer<Graphics2D> body) {}

  public void write(ReportInput in, Path file) {
    List<Page> pages = new ArrayList<>();
    pages.add(new Page(t("封面", "Cover"), g -> cover(g, in)));
    // a phone-only department (no reception in the month) gets no empty chat pages
    boolean chat = in.phone() == null || (in.current() != null && in.current().receptions() > 0);
    if (chat) {
      List<Metric> shown = shown(in);
      pages.add(new Page(t("核心指标", "Key figures"), g -> cards(g, in, shown)));
      List<KpiRow> teamRows = in.teams().stream().filter(r -> r != null).toList();
      if (teamRows.size() > 2) { // more than one team besides _all
        for (int i = 0; i < teamRows.size(); i += TEAM_ROWS) {
          List<KpiRow> rows = teamRows.subList(i, Math.min(i + TEAM_ROWS, teamRows.size()));
          pages.add(new Page(i == 0 ? t("团队对比", "Teams side by side") : null, g -> teamTable(g, in, rows, shown)));
        }
      }
      List<Metric> service = shown.stream().filter(m -> !SALES_METRICS.contains(m)).toList();
      List<Metric> sales = shown.stream().filter(SALES_METRICS::contains).toList();
      pages.add(new Page(t("每日趋势", "Daily trends"), g -> trends.charts(g, in, service, t("服务", "Service"))));
      if (!sales.isEmpty()) {
        pages.add(new Page(null, g -> trends.charts(g, in, sales, t("销售", "Sales"))));
      }
      // presale agents are ranked by sales, the others (after-sales, QC) by satisfaction
      List<KpiRow> sellers = in.agents().stream().filter(a -> sells(in, a)).toList();
      List<KpiRow> servers = in.agents().stream().filter(a -> !sells(in, a)).toList();
      KpiRow star = Ranking.star(in.agents(), minRatings);
      for (boolean bySales : new boolean[] {true, false}) {
        List<Ranking.Row> ranking = bySales ? Ranking.build(sellers, star) : Ranking.byService(servers, minRatings, star);
        if (ranking.isEmpty() && (!bySales || !servers.isEmpty())) {
          continue;
        }
        for (int i = 0; i < Math.max(1, ranking.size()); i += RANKING_ROWS) {
          List<Ranking.Row> rows = ranking.subList(Math.min(i, ranking.size()), Math.min(i + RANKING_ROWS, ranking.size()));
          String mark = bySales ? t("销售排名", "Sales ranking") : t("服务排名", "Service ranking");
          pages.add(new Page(i == 0 ? mark : null, g -> ranking(g, in, rows, ranking.size(), bySales)));
        }
      }
    }
    if (in.phone() != null) {
      PhonePages phone = new PhonePages(this, in.phone(), phoneTargets);
      pages.add(new Page(t("电话核心指标", "Phone key figures"), g -> phone.cards(g, in.month())));
      pages.add(new Page(t("电话每日趋势", "Phone daily trends"), g -> phone.trends(g, in.month())));
      pages.add(new Page(t("服务水平与人力", "Service level and staffing"), phone::heatmap));
      pages.add(new Page(t("电话客服排名", "Phone agent ranking"), phone::ranking));
    }
    InsightsInput insights = in.insights();
    if (insights != null) {
      InsightPages lead = new InsightPages(this, insights);
      if (!insights.groups().isEmpty()) {
        pages.add(new Page(t("导师分组对抗", "Mentor groups"), g -> lead.groups(g, in.month())));
      }
      if (!insights.trainings().isEmpty()) {
        pages.add(new Page(t("培训效果", "Training effect"), lead::trainings));
      }
      if (!insights.flags().isEmpty()) {
        pages.add(new Page(t("值得关注", "Worth a look"), lead::flags));
      }
    }
    pages.add(new Page(t("数据说明", "Data note"), g -> note(g, in)));

    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (PDDocument doc = new PDDocument(); PdfBoxGraphics2DFontTextDrawer text = new PdfBoxGraphics2DFontTextDrawer()) {
        text.registerFont(font.awt().getFontName(), embedded(doc));
        PDDocumentOutline outline = new PDDocumentOutline();
        doc.getDocumentCatalog().setDocumentOutline(outline);
        for (int i = 0; i < pages.size(); i++) {
          PDPage page = new PDPage(new PDRectangle(W, H));
          doc.addPage(page);
          PdfBoxGraphics2D g = new PdfBoxGraphics2D(doc, W, H);
          g.setFontTextDrawer(text);
          g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
          g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
          if (i > 0) {
            header(g, in);
          }
          pages.get(i).body().accept(g);
          footer(g, i + 1, pages.size());
          g.dispose();
          try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
            cs.drawForm(g.getXFormObject());
          }
          if (pages.get(i).bookmark() != null) {
            PDPageFitDestination dest = new PDPageFitDestination();
            dest.setPage(page);
            PDOutlineItem item = new PDOutlineItem();
            item.setTitle(pages.get(i).bookmark());
            item.setDestination(dest);
            outline.addLast(item);
          }
        }
        outline.openNode();
        doc.getDocumentInformation().setTitle(title(in));
        doc.getDocumentInformation().setCreator("service-kpi");
        // a reader of the folder never sees a half-written PDF: write beside it, then rename
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        doc.save(tmp.toFile());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The face of the font file that AWT measures with, embedded (subset) in the document. */
  private PDFont embedded(PDDocument doc) throws IOException {
    String wanted = font.awt().getPSName();
    PDFont[] found = new PDFont[1];
    if (font.file().getName().toLowerCase(Locale.ROOT).endsWith(".ttc")) {
      try (TrueTypeCollection ttc = new TrueTypeCollection(font.file())) {
        ttc.processAllFonts(ttf -> {
          if (found[0] == null && wanted.equals(ttf.getName())) {
            found[0] = PDType0Font.load(doc, ttf, true);
          }
        });
        if (found[0] == null) {
          TrueTypeFont first = ttc.getFontByName(wanted);
          if (first != null) {
            found[0] = PDType0Font.load(doc, first, true);
          }
        }
      }
    }
    return found[0] != null ? found[0] : PDType0Font.load(doc, font.file());
  }

  String t(String chinese, String english) {
    return zh ? chinese : english;
  }

  private String title(ReportInput in) {
    return t("客服月度报告", "Customer service monthly review") + " " + in.month() + " · " + scope(in);
  }

  private String scope(ReportInput in) {
    return in.teamId() == null ? t("全部团队", "All teams") : teamLabel(in.teamId(), in.teamName());
  }

  String teamLabel(String id, String name) {
    return teamLabel(id, name, zh);
  }

  static String teamLabel(String id, String name, boolean zh) {
    if ("_all".equals(id)) {
      return zh ? "全部团队" : "All teams";
    }
    if ("_unassigned".equals(id)) {
      return zh ? "未分配" : "Unassigned";
    }
    return name == null ? id : name + " (" + id + ")";
  }

  private void header(Graphics2D g, ReportInput in) {
    g.setColor(MUTED);
    g.setFont(font.size(9));
    g.drawString(title(in), 36, 26);
    String zone = t("时区 ", "Time zone ") + in.zone();
    g.drawString(zone, W - 36 - g.getFontMetrics().stringWidth(zone), 26);
    String partial = partialMark(in);
    if (partial != null) {
      g.setColor(MISS);
      g.drawString(partial, (W - g.getFontMetrics().stringWidth(partial)) / 2, 26);
    }
    g.setColor(LINE);
    g.draw(new java.awt.geom.Line2D.Float(36, 32, W - 36, 32));
  }

  private void footer(Graphics2D g, int page, int pages) {
    g.setColor(MUTED);
    g.setFont(font.size(9));
    String s = zh ? "第 " + page + " / " + pages + " 页" : "Page " + page + " of " + pages;
    g.drawString(s, (W - g.getFontMetrics().stringWidth(s)) / 2, H - 18);
  }

  /** "部分月份：数据 10-06 至 10-31（26 / 31 天）", or null for a month with data from its first to its last day. */
  String partialMark(ReportInput in) {
    ReportInput.Coverage c = in.coverage();
    if (c == null || !c.partial()) {
      return null;
    }
    return t("部分月份：数据 " + c.first().substring(5) + " 至 " + c.last().substring(5) + "（" + c.days() + " / "
        + c.monthDays() + " 天）", "Partial month: data " + c.first().substring(5) + " to " + c.last().substring(5)
        + " (" + c.days() + " of " + c.monthDays() + " days)");
  }

  /** The metrics this month has data for: no sales metrics when nobody sold, no satisfaction without ratings. */
  static List<Metric> shown(ReportInput in) {
    KpiRow c = in.current();
    boolean sold = c != null && (c.sales() != null && c.sales().signum() > 0
        || c.inquiryConversion() != null && c.inquiryConversion() > 0);
    boolean rated = c != null && c.ratings() > 0;
    return java.util.Arrays.stream(Metric.values())
        .filter(m -> sold || !SALES_METRICS.contains(m))
        .filter(m -> rated || m != Metric.SATISFACTION).toList();
  }

  /** The whole ranking of one kind (sales or service) of a report, every page of it. */
  private List<Ranking.Row> allRows(ReportInput in, boolean bySales) {
    List<KpiRow> agents = in.agents().stream().filter(a -> sells(in, a) == bySales).toList();
    return bySales ? Ranking.build(agents, (KpiRow) null) : Ranking.byService(agents, minRatings, null);
  }

  /** Whether an agent is ranked by sales: its team sold this month (or, outside any team, it did). */
  private static boolean sells(ReportInput in, KpiRow a) {
    KpiRow team = in.teams().stream().filter(r -> r != null && r.teamId().equals(a.teamId())).findFirst().orElse(null);
    if (team == null || "_unassigned".equals(a.teamId())) {
      team = in.teamId() != null && in.teamId().equals(a.teamId()) ? in.current() : a;
    }
    return team.sales() != null && team.sales().signum() > 0;
  }

  private void cover(Graphics2D g, ReportInput in) {
    g.setColor(INK);
    g.setFont(font.bold(30));
    g.drawString(t("客服月度报告", "Customer service monthly review"), 72, 200);
    g.setFont(font.size(20));
    g.drawString(scope(in), 72, 245);
    g.setFont(font.size(16));
    g.setColor(MUTED);
    g.drawString(t("月份 ", "Month ") + in.month(), 72, 290);
    g.drawString(t("时区 ", "Time zone ") + in.zone() + t("（所有日期为该时区的本地日期）", " (all dates are local dates in this zone)"), 72, 316);
    KpiRow c = in.current();
    if (c != null) {
      g.drawString(t("接待 ", "Receptions ") + Formats.count(c.receptions()) + "   "
          + t("评价 ", "Ratings ") + Formats.count(c.ratings()), 72, 342);
    }
    // the headline: the figures that miss their target, and (when comparable) the biggest changes
    List<String> headline = new ArrayList<>();
    for (Cards.Card card : Cards.build(c, in.previous(), targets)) {
      if (shown(in).contains(card.metric()) && Boolean.FALSE.equals(card.pass())) {
        headline.add(card.metric().label(zh) + " " + Formats.value(card.metric(), card.value(), zh)
            + t("，未达目标 ", ", misses its target ") + (card.metric().higherIsBetter ? "≥ " : "≤ ")
            + Formats.value(card.metric(), card.target(), zh));
      }
    }
    String partial = partialMark(in);
    if (partial != null) {
      headline.add(0, partial + t("：与上月的变化不可比。", ": changes against last month are not comparable."));
    } else if (in.coverage() != null && in.coverage().previousPartial()) {
      headline.add(0, t("上月为部分月份：与上月的变化不可比。", "Last month was partial: changes against it are not comparable."));
    }
    float hy = 380;
    g.setFont(font.size(12));
    for (String h : headline.subList(0, Math.min(6, headline.size()))) {
      g.setColor(h.contains(t("未达", "misses")) || h.equals(headline.get(0)) && partial != null ? MISS : INK);
      g.drawString("· " + h, 72, hy);
      hy += 20;
    }
    g.setColor(MUTED);
    g.setFont(font.size(10));
    g.drawString(t("由 service-kpi 根据 KPI 表生成，指标定义见 docs/kpi-spec.md",
        "Generated by service-kpi from the KPI tables; definitions in docs/kpi-spec.md"), 72, 520);
  }

  private void cards(Graphics2D g, ReportInput in, List<Metric> shown) {
    title(g, t("核心指标", "Key figures") + " · " + in.month());
    List<Cards.Card> cards = Cards.build(in.current(), in.previous(), targets).stream()
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
      g.setFont(font.size(12));
      g.drawString(c.metric().label(zh), x + 14, y + 24);
      g.setColor(INK);
      g.setFont(font.bold(24));
      g.drawString(Formats.value(c.metric(), c.value(), zh), x + 14, y + 60);
      g.setFont(font.size(10));
      g.setColor(MUTED);
      g.drawString(t("上月 ", "Last month ") + Formats.value(c.metric(), c.previous(), zh), x + 14, y + 84);
      g.drawString(t("变化 ", "Change ") + (comparable ? Formats.change(c.metric(), c.value(), c.previous(), zh)
          : t("不可比（部分月份）", "not comparable (partial month)")), x + 14, y + 100);
      if (c.target() != null) {
        g.drawString(t("目标 ", "Target ") + (c.metric().higherIsBetter ? "≥ " : "≤ ")
            + Formats.value(c.metric(), c.target(), zh), x + 14, y + 116);
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
        g.setFont(font.bold(13));
        g.drawString(mark, x + cw - 14 - g.getFontMetrics().stringWidth(mark), y + 26);
      }
    }
  }

  /** What a card's value rests on, or a plain note where the figure needs one; null when nothing to say. */
  private String basis(Metric m, KpiRow r) {
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
  private void teamTable(Graphics2D g, ReportInput in, List<KpiRow> rows, List<Metric> shown) {
    title(g, t("团队对比", "Teams side by side") + " · " + in.month());
    List<Metric> cols = List.of(Metric.RESPONSE_RATE, Metric.FIRST_RESPONSE_AVG, Metric.FIRST_RESPONSE_P90,
        Metric.SATISFACTION, Metric.INQUIRY_CONVERSION, Metric.SALES, Metric.AVG_ORDER_VALUE).stream()
        .filter(shown::contains).toList();
    List<String> head = new ArrayList<>(List.of(t("团队", "Team"), t("接待", "Receptions")));
    cols.forEach(m -> head.add(m.label(zh) + (m == Metric.SATISFACTION ? t(" (评价数)", " (n)") : "")));
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
    tableHead(g, head.toArray(String[]::new), widths, right, y);
    for (KpiRow r : rows) {
      y += 24;
      boolean all = "_all".equals(r.teamId());
      g.setFont(all ? font.bold(10) : font.size(10));
      g.setColor(INK);
      cells(g, new String[] {teamLabel(r.teamId(), r.teamName()), Formats.count(r.receptions())},
          java.util.Arrays.copyOf(widths, 2), java.util.Arrays.copyOf(right, 2), y);
      float x = 36 + widths[0] + widths[1];
      for (int i = 0; i < cols.size(); i++) {
        Metric m = cols.get(i);
        Double v = m.of(r);
        Double target = m == Metric.SALES ? null : targets.get(m);
        boolean miss = v != null && target != null && (m.higherIsBetter ? v < target : v > target);
        String cell = Formats.value(m, v, zh) + (m == Metric.SATISFACTION ? " (" + r.ratings() + ")" : "");
        g.setColor(miss ? MISS : INK);
        float w = g.getFontMetrics().stringWidth(cell);
        g.drawString(cell, x + widths[i + 2] - 6 - w, y);
        x += widths[i + 2];
      }
      g.setColor(new Color(0xEE, 0xF0, 0xF3));
      g.draw(new java.awt.geom.Line2D.Float(36, y + 8, W - 36, y + 8));
    }
    g.setColor(MUTED);
    g.setFont(font.size(9));
    g.drawString(t("红色：未达目标（目标见核心指标页）。全部团队一行为全部门的合计，不是各团队的平均。",
        "Red: misses its target (targets on the key figures page). The all-teams row is the whole department's,"
            + " not an average of the teams."), 36, H - 40);
  }

  private void ranking(Graphics2D g, ReportInput in, List<Ranking.Row> rows, int total, boolean bySales) {
    title(g, bySales ? t("销售排名（售前，按销售额）", "Sales ranking (presale, by sales)")
        : t("服务排名（售后及其他，按满意率、回复率）", "Service ranking (after-sales and others, by satisfaction, response rate)"));
    String[] head = zh
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
    Map<String, Integer> before = Ranking.previousRanks(allRows(in, bySales), in.previousAgents(), bySales, minRatings);
    head = pick(head, keep);
    right = pick(right, keep);
    float y = 74;
    tableHead(g, head, widths, right, y);
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
          String.valueOf(r.rank()), last, name, teamLabel(a.teamId(), a.teamName()), Formats.count(a.receptions()),
          Formats.value(Metric.RESPONSE_RATE, a.responseRate(), zh),
          Formats.value(Metric.FIRST_RESPONSE_AVG, a.firstResponseAvg(), zh),
          Formats.value(Metric.SATISFACTION, a.satisfactionRate(), zh) + " (" + a.ratings() + ")",
          Formats.value(Metric.INQUIRY_CONVERSION, a.inquiryConversion(), zh),
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
        Double target = m == null ? null : targets.get(m);
        if (v != null && target != null && (m.higherIsBetter ? v < target : v > target)
            && (m != Metric.SATISFACTION || a.ratings() >= minRatings)) {
          colors[i] = MISS;
        }
      }
      String[] shownCells = new String[keep.length];
      Color[] shownColors = new Color[keep.length];
      for (int i = 0; i < keep.length; i++) {
        shownCells[i] = cells[keep[i]];
        shownColors[i] = colors[keep[i]];
      }
      cells(g, shownCells, widths, right, y, shownColors);
      g.setColor(new Color(0xEE, 0xF0, 0xF3));
      g.draw(new java.awt.geom.Line2D.Float(36, y + 7, W - 36, y + 7));
    }
    g.setColor(MUTED);
    g.setFont(font.size(9));
    String why = "";
    if (Ranking.star(in.agents(), minRatings) == null) {
      why = t("本月没有客服的评价数达到 " + minRatings + " 条，服务之星空缺。",
          " Nobody has " + minRatings + " ratings this month: no service star.");
    }
    if (bySales && rows.stream().noneMatch(Ranking.Row::topSales) && total > 0 && rows.get(0).rank() == 1) {
      why += t("本月没有销售额，销冠空缺。", " No sales this month: no top seller.");
    }
    String partial = partialMark(in);
    if (partial != null) {
      why += t("排名只反映有数据的 " + in.coverage().days() + " 天。",
          " The ranking covers only the " + in.coverage().days() + " days with data.");
    }
    g.drawString(t("销冠：本月销售额最高；服务之星：评价数不少于 " + minRatings + " 的客服中满意率最高。",
        "Top sales: highest sales of the month. Service star: highest satisfaction among agents with at least "
            + minRatings + " ratings.") + why, 36, H - 40);
  }

  /** A table's header row, underlined; leaves the body's font set. */
  void tableHead(Graphics2D g, String[] head, float[] widths, boolean[] right, float y) {
    g.setFont(font.bold(10));
    g.setColor(INK);
    cells(g, head, widths, right, y);
    g.setColor(LINE);
    g.draw(new java.awt.geom.Line2D.Float(36, y + 6, W - 36, y + 6));
    g.setFont(font.size(10));
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

  void cells(Graphics2D g, String[] values, float[] widths, boolean[] right, float y) {
    cells(g, values, widths, right, y, null);
  }

  /** A table row; colors, when given, one per cell. */
  void cells(Graphics2D g, String[] values, float[] widths, boolean[] right, float y, Color[] colors) {
    float x = 36;
    for (int i = 0; i < values.length; i++) {
      if (colors != null) {
        g.setColor(colors[i]);
      }
      String v = fit(g, values[i], widths[i] - 6);
      float w = g.getFontMetrics().stringWidth(v);
      // a left-aligned cell after a right-aligned one keeps a gap from it
      float left = x + (i > 0 && right[i - 1] ? 8 : 0);
      g.drawString(v, right[i] ? x + widths[i] - 6 - w : left, y);
      x += widths[i];
    }
  }

  /** Shortens a text with an ellipsis until it fits the width. */
  private static String fit(Graphics2D g, String s, float width) {
    if (g.getFontMetrics().stringWidth(s) <= width) {
      return s;
    }
    String t = s;
    while (t.length() > 1 && g.getFontMetrics().stringWidth(t + "…") > width) {
      t = t.substring(0, t.length() - 1);
    }
    return t + "…";
  }

  private void note(Graphics2D g, ReportInput in) {
    title(g, t("数据说明", "Data note"));
    float y = 80;
    g.setFont(font.size(11));
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

  void title(Graphics2D g, String s) {
    g.setColor(INK);
    g.setFont(font.bold(16));
    g.drawString(s, 36, 54);
  }

}
