package com.servicekpi.reports;

import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2DFontTextDrawer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * charts, real embedded text), with page numbers and bookmarks. This class holds the order of the
 * pages, the header and footer and the drawing helpers they share; each section is a class of its
 * own: {@link CoverPage}, {@link KeyFigurePages}, {@link TrendCharts}, {@link RankingPages},
 * {@link PhonePages}, {@link InsightPages} and {@link DataNotePage}.
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
  final long minRatings;
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
    CoverPage cover = new CoverPage(this);
    KeyFigurePages keyFigures = new KeyFigurePages(this);
    RankingPages rankings = new RankingPages(this);
    DataNotePage note = new DataNotePage(this);
    pages.add(new Page(t("封面", "Cover"), g -> cover.cover(g, in)));
    // a phone-only department (no reception in the month) gets no empty chat pages
    boolean chat = in.phone() == null || (in.current() != null && in.current().receptions() > 0);
    if (chat) {
      List<Metric> shown = shown(in);
      pages.add(new Page(t("核心指标", "Key figures"), g -> keyFigures.cards(g, in, shown)));
      List<KpiRow> teamRows = in.teams().stream().filter(r -> r != null).toList();
      if (teamRows.size() > 2) { // more than one team besides _all
        for (int i = 0; i < teamRows.size(); i += TEAM_ROWS) {
          List<KpiRow> rows = teamRows.subList(i, Math.min(i + TEAM_ROWS, teamRows.size()));
          pages.add(new Page(i == 0 ? t("团队对比", "Teams side by side") : null, g -> keyFigures.teamTable(g, in, rows, shown)));
        }
      }
      List<Metric> service = shown.stream().filter(m -> !SALES_METRICS.contains(m)).toList();
      List<Metric> sales = shown.stream().filter(SALES_METRICS::contains).toList();
      pages.add(new Page(t("每日趋势", "Daily trends"), g -> trends.charts(g, in, service, t("服务", "Service"))));
      if (!sales.isEmpty()) {
        pages.add(new Page(null, g -> trends.charts(g, in, sales, t("销售", "Sales"))));
      }
      // presale agents are ranked by sales, the others (after-sales, QC) by satisfaction
      List<KpiRow> sellers = in.agents().stream().filter(a -> RankingPages.sells(in, a)).toList();
      List<KpiRow> servers = in.agents().stream().filter(a -> !RankingPages.sells(in, a)).toList();
      KpiRow star = Ranking.star(in.agents(), minRatings);
      for (boolean bySales : new boolean[] {true, false}) {
        List<Ranking.Row> ranking = bySales ? Ranking.build(sellers, star) : Ranking.byService(servers, minRatings, star);
        if (ranking.isEmpty() && (!bySales || !servers.isEmpty())) {
          continue;
        }
        for (int i = 0; i < Math.max(1, ranking.size()); i += RANKING_ROWS) {
          List<Ranking.Row> rows = ranking.subList(Math.min(i, ranking.size()), Math.min(i + RANKING_ROWS, ranking.size()));
          String mark = bySales ? t("销售排名", "Sales ranking") : t("服务排名", "Service ranking");
          pages.add(new Page(i == 0 ? mark : null, g -> rankings.ranking(g, in, rows, ranking.size(), bySales)));
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
    pages.add(new Page(t("数据说明", "Data note"), g -> note.note(g, in)));

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

  String scope(ReportInput in) {
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

  /** A table's header row, underlined; leaves the body's font set. */
  void tableHead(Graphics2D g, String[] head, float[] widths, boolean[] right, float y) {
    g.setFont(font.bold(10));
    g.setColor(INK);
    cells(g, head, widths, right, y);
    g.setColor(LINE);
    g.draw(new java.awt.geom.Line2D.Float(36, y + 6, W - 36, y + 6));
    g.setFont(font.size(10));
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

  void title(Graphics2D g, String s) {
    g.setColor(INK);
    g.setFont(font.bold(16));
    g.drawString(s, 36, 54);
  }

}
