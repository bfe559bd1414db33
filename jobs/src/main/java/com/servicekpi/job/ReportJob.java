package com.servicekpi.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.servicekpi.config.Settings;
import com.servicekpi.io.InputException;
import com.servicekpi.io.KpiTableReader;
import com.servicekpi.io.Publisher;
import com.servicekpi.reports.Fonts;
import com.servicekpi.reports.KpiRow;
import com.servicekpi.reports.PdfReport;
import com.servicekpi.reports.ReportInput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/** The `report` command: the month's KPI tables to overview.pdf and one team-TEAM.pdf per team. */
public final class ReportJob {
  private final SparkSession spark;
  private final Settings settings;

  public ReportJob(SparkSession spark, Settings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  /** Where the PDFs of a month go. */
  public Path folder(YearMonth month) {
    String base = settings.report().path().isBlank()
        ? Path.of(settings.outputPath(), "reports").toString() : settings.report().path();
    return Path.of(base, month.toString());
  }

  /** What a report run wrote, and what it could not write and why. */
  public record Result(List<Path> files, List<String> messages) {}

  /** Writes the month's reports and returns their paths. */
  public Result run(YearMonth month) {
    spark.conf().set("spark.sql.session.timeZone", settings.timezone().getId());
    Fonts.CjkFont font = Fonts.find(settings.report().font());
    // a run killed while publishing is undone first: the report reads one run's tables
    new Publisher(spark.sparkContext().hadoopConfiguration(), settings.outputPath()).recover();
    KpiTableReader tables = new KpiTableReader(spark, settings.outputPath());
    String m = month.toString();
    String prev = month.minusMonths(1).toString();
    List<KpiRow> monthly = tables.rows("team_monthly", "month", List.of(m, prev));
    if (monthly.stream().noneMatch(r -> r.period().equals(m))) {
      throw new InputException("no KPI data for month " + m + " under " + settings.outputPath()
          + "; months with data: " + tables.months() + ".");
    }
    List<String> dates = new ArrayList<>();
    for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth()); d = d.plusDays(1)) {
      dates.add(d.toString());
    }
    List<KpiRow> daily = tables.rows("team_daily", "date", dates);
    List<KpiRow> agents = tables.rows("agent_monthly", "month", List.of(m));
    List<KpiRow> agentDays = tables.rows("agent_daily", "date", dates);

    Set<String> withData = daily.stream().map(KpiRow::period).collect(Collectors.toSet());
    List<String> missing = dates.stream().filter(d -> !withData.contains(d)).toList();
    List<String> unassigned = agentDays.stream().filter(r -> "_unassigned".equals(r.teamId()))
        .map(KpiRow::agentId).distinct().sorted().toList();
    ReportInput.DataNote note = new ReportInput.DataNote(missing, unassigned, runFigures(tables.latestRunSummary(), settings.report().chinese()));
    List<String> teams = monthly.stream().filter(r -> r.period().equals(m) && !r.teamId().equals("_all"))
        .map(KpiRow::teamId).sorted().toList();

    PdfReport pdf = new PdfReport(font, settings.report().chinese(), settings.report().targets(),
        settings.report().serviceStarMinRatings());
    List<Path> written = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    Path dir = folder(month);
    monthly.stream().filter(r -> r.period().equals(prev) && !r.teamId().equals("_all") && !teams.contains(r.teamId()))
        .forEach(r -> messages.add("team " + r.teamId() + (r.teamName() == null ? "" : " (" + r.teamName() + ")")
            + " has no data in " + m + " (it had in " + prev + "): no team report."));

    Map<String, List<KpiRow>> lines = new LinkedHashMap<>();
    for (String t : teams) {
      lines.put(t, series(daily, t));
    }
    Path overview = dir.resolve("overview.pdf");
    pdf.write(new ReportInput(month, settings.timezone().getId(), null, null,
        row(monthly, m, "_all"), row(monthly, prev, "_all"), lines, teams, agents, note), overview);
    written.add(overview);

    for (String t : teams) {
      if (t.equals("_unassigned")) {
        continue; // not a team with a lead: the overview shows its line and the data note lists its agents
      }
      KpiRow current = row(monthly, m, t);
      Map<String, List<KpiRow>> teamLines = new LinkedHashMap<>();
      teamLines.put(t, series(daily, t));
      teamLines.put("_all", series(daily, "_all"));
      List<KpiRow> teamAgents = agents.stream().filter(a -> t.equals(a.teamId())).toList();
      Path file = dir.resolve("team-" + t.replaceAll("[^A-Za-z0-9_.-]", "_") + ".pdf");
      pdf.write(new ReportInput(month, settings.timezone().getId(), t, current.teamName(), current,
          row(monthly, prev, t), teamLines, teams, teamAgents, note), file);
      written.add(file);
    }
    return new Result(written, messages);
  }

  private static List<KpiRow> series(List<KpiRow> daily, String team) {
    return daily.stream().filter(r -> team.equals(r.teamId())).sorted(Comparator.comparing(KpiRow::period)).toList();
  }

  private static KpiRow row(List<KpiRow> rows, String period, String team) {
    return rows.stream().filter(r -> r.period().equals(period) && team.equals(r.teamId())).findFirst().orElse(null);
  }

  /** The run summary's figures for the data note: rows read, duplicates, rejected, unrouted. */
  static Map<String, String> runFigures(String json, boolean zh) {
    Map<String, String> out = new LinkedHashMap<>();
    if (json == null) {
      out.put(zh ? "运行" : "run", zh ? "_runs/ 下没有运行摘要" : "no run summary found under _runs/");
      return out;
    }
    try {
      JsonNode n = new ObjectMapper().readTree(json);
      out.put(zh ? "运行" : "run", n.path("runId").asText() + " (" + n.path("status").asText() + ", "
          + n.path("startedAt").asText() + ")");
      for (Iterator<Map.Entry<String, JsonNode>> it = n.path("sources").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> s = it.next();
        JsonNode c = s.getValue();
        out.put(s.getKey(), String.format(Locale.ROOT, zh ? "读取 %,d，使用 %,d，重复 %,d，拒收 %,d"
                : "read %,d, used %,d, duplicates %,d, rejected %,d",
            c.path("read").asLong(), c.path("used").asLong(), c.path("duplicates").asLong(), c.path("rejected").asLong()));
      }
      out.put(zh ? "未分配客服的买家消息" : "unrouted buyer messages", String.format(Locale.ROOT, "%,d", n.path("unroutedBuyerMessages").asLong()));
      out.put(zh ? "静默下单（无咨询的订单）" : "silent orders", String.format(Locale.ROOT, "%,d", n.path("silentOrders").asLong()));
    } catch (IOException e) {
      out.put(zh ? "运行" : "run", (zh ? "运行摘要无法读取：" : "unreadable run summary: ") + e.getMessage());
    }
    return out;
  }

}
