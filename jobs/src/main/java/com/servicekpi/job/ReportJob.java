package com.servicekpi.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.servicekpi.config.Settings;
import com.servicekpi.marts.OutputTable;
import com.servicekpi.publish.KpiTableReader;
import com.servicekpi.publish.Publisher;
import com.servicekpi.reports.Fonts;
import com.servicekpi.reports.InsightsInput;
import com.servicekpi.reports.KpiRow;
import com.servicekpi.reports.Metric;
import com.servicekpi.reports.PdfReport;
import com.servicekpi.reports.PhoneInput;
import com.servicekpi.reports.ReportInput;
import com.servicekpi.sources.InputException;
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
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReportJob.class);

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
    List<KpiRow> monthly = tables.rows(OutputTable.TEAM_MONTHLY, List.of(m, prev));
    if (monthly.stream().noneMatch(r -> r.period().equals(m))) {
      throw new InputException("no KPI data for month " + m + " under " + settings.outputPath()
          + "; months with data: " + tables.months() + ".");
    }
    List<String> dates = new ArrayList<>();
    for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth()); d = d.plusDays(1)) {
      dates.add(d.toString());
    }
    List<KpiRow> daily = tables.rows(OutputTable.TEAM_DAILY, dates);
    List<KpiRow> agents = tables.rows(OutputTable.AGENT_MONTHLY, List.of(m));
    List<KpiRow> agentsBefore = tables.rows(OutputTable.AGENT_MONTHLY, List.of(prev));
    List<KpiRow> agentDays = tables.rows(OutputTable.AGENT_DAILY, dates);

    Set<String> withData = daily.stream().map(KpiRow::period).collect(Collectors.toSet());
    ReportInput.Coverage coverage = coverage(month, withData, tables);
    List<String> missing = dates.stream().filter(d -> !withData.contains(d)).toList();
    List<String> unassigned = agentDays.stream().filter(r -> "_unassigned".equals(r.teamId()))
        .map(KpiRow::agentId).distinct().sorted().toList();
    ReportInput.DataNote note = new ReportInput.DataNote(missing, unassigned, runFigures(tables.latestRunSummary(), settings.report().chinese()));
    List<String> teams = monthly.stream().filter(r -> r.period().equals(m) && !r.teamId().equals("_all"))
        .map(KpiRow::teamId).sorted().toList();

    PdfReport pdf = new PdfReport(font, settings.report().chinese(), settings.report().targets(),
        settings.report().serviceStarMinRatings(), settings.report().phoneTargets());
    PhoneInput phone = phone(tables, month, dates);
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
    // the zone the tables were computed in (the latest run's), which the dates on every page are in
    String zone = runZone(tables.latestRunSummary(), settings.timezone().getId());
    List<KpiRow> teamRows = new ArrayList<>();
    teams.forEach(t -> teamRows.add(row(monthly, m, t)));
    teamRows.add(row(monthly, m, "_all"));
    lines.put("_all", series(daily, "_all"));
    pdf.write(new ReportInput(month, zone, null, null,
        row(monthly, m, "_all"), row(monthly, prev, "_all"), lines, teams, agents, note, phone,
        insights(tables, month, dates, null), teamRows, coverage, agentsBefore), overview);
    written.add(overview);
    LOG.info("wrote {} (1 of {})", overview, 1 + teams.stream().filter(t -> !t.equals("_unassigned")).count());

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
      pdf.write(new ReportInput(month, zone, t, current.teamName(), current,
          row(monthly, prev, t), teamLines, teams, teamAgents, note, null, insights(tables, month, dates, t),
          List.of(), coverage, agentsBefore), file);
      written.add(file);
      LOG.info("wrote {} ({} of {})", file, written.size(), 1 + teams.stream().filter(x -> !x.equals("_unassigned")).count());
    }
    return new Result(written, messages);
  }

  /** The time zone a run summary records, or the fallback when there is none. */
  static String runZone(String summaryJson, String fallback) {
    if (summaryJson == null) {
      return fallback;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"timezone\"\\s*:\\s*\"([^\"]+)\"")
        .matcher(summaryJson);
    return m.find() ? m.group(1) : fallback;
  }

  /** Which dates of the month have data, and whether the previous month's data covered it whole. */
  private static ReportInput.Coverage coverage(YearMonth month, Set<String> withData, KpiTableReader tables) {
    List<String> have = withData.stream().sorted().toList();
    YearMonth prev = month.minusMonths(1);
    List<String> prevDates = new ArrayList<>();
    for (LocalDate d = prev.atDay(1); !d.isAfter(prev.atEndOfMonth()); d = d.plusDays(1)) {
      prevDates.add(d.toString());
    }
    List<String> prevHave = tables.rows(OutputTable.TEAM_DAILY, prevDates).stream()
        .filter(r -> "_all".equals(r.teamId())).map(KpiRow::period).sorted().toList();
    boolean prevPartial = !prevHave.isEmpty() && new ReportInput.Coverage(prevHave.get(0),
        prevHave.get(prevHave.size() - 1), prevHave.size(), prev.lengthOfMonth(), false).partial();
    return new ReportInput.Coverage(have.isEmpty() ? null : have.get(0), have.isEmpty() ? null : have.get(have.size() - 1),
        have.size(), month.lengthOfMonth(), prevPartial);
  }

  /**
   * The team-lead pages' data of the month (spec §8-§10): every group and the sessions trained in
   * the month (overview only: {@code team} null), and the flags of the team's agents (all teams in
   * the overview).
   */
  static InsightsInput insights(KpiTableReader tables, YearMonth month, List<String> dates, String team) {
    List<KpiRow> groups = new ArrayList<>();
    List<Long> heads = new ArrayList<>();
    Map<String, List<KpiRow>> groupDays = new java.util.TreeMap<>();
    if (team == null) {
      for (Map<String, Object> r : tables.records(OutputTable.GROUP_MONTHLY, List.of(month.toString()))) {
        groups.add(KpiTableReader.kpiRow(r, (String) r.get("month"), "group_id", "group_name"));
        heads.add((Long) r.get("agents"));
      }
      for (Map<String, Object> r : tables.records(OutputTable.GROUP_DAILY, dates)) {
        groupDays.computeIfAbsent((String) r.get("group_id"), k -> new ArrayList<>())
            .add(KpiTableReader.kpiRow(r, (String) r.get("date"), "group_id", "group_name"));
      }
    }
    // sessions are not a team's: the overview shows them
    List<InsightsInput.Effect> effects = team != null ? List.of() : tables.all(OutputTable.TRAINING_EFFECT).stream()
        .filter(r -> YearMonth.from(((java.sql.Date) r.get("trained_on")).toLocalDate()).equals(month))
        .map(r -> new InsightsInput.Effect((String) r.get("training_id"), (String) r.get("training_name"),
            r.get("trained_on").toString(), (String) r.get("metric"), (Long) r.get("trained_agents"),
            (Long) r.get("comparison_agents"), (Double) r.get("trained_before"), (Double) r.get("trained_after"),
            (Double) r.get("comparison_before"), (Double) r.get("comparison_after"), (Double) r.get("effect"),
            (Boolean) r.get("complete")))
        .sorted(Comparator.comparing(InsightsInput.Effect::trainedOn).thenComparing(InsightsInput.Effect::trainingId)
            .thenComparing(e -> List.of(Metric.RESPONSE_RATE.column, Metric.FIRST_RESPONSE_AVG.column,
                Metric.SATISFACTION.column, Metric.INQUIRY_CONVERSION.column).indexOf(e.metric())))
        .toList();
    List<InsightsInput.Flag> flags = tables.records(OutputTable.AGENT_FLAGS, dates).stream()
        .filter(r -> team == null || team.equals(r.get("team_id")))
        .map(r -> new InsightsInput.Flag((String) r.get("date"), (String) r.get("agent_id"),
            (String) r.get("agent_name"), (String) r.get("team_id"), (String) r.get("flag"), (String) r.get("metric"),
            (Double) r.get("value"), (Double) r.get("reference")))
        .sorted(Comparator.comparing(InsightsInput.Flag::agentId).thenComparing(InsightsInput.Flag::date)
            .thenComparing(InsightsInput.Flag::flag).thenComparing(InsightsInput.Flag::metric))
        .toList();
    InsightsInput out = new InsightsInput(groups, heads, groupDays, effects, flags);
    return out.isEmpty() ? null : out;
  }

  /** The phone pages' data of the month (spec §6), or null when the month has no calls. */
  static PhoneInput phone(KpiTableReader tables, YearMonth month, List<String> dates) {
    String m = month.toString();
    List<Map<String, Object>> monthly = tables.records(OutputTable.QUEUE_MONTHLY, List.of(m, month.minusMonths(1).toString()));
    PhoneInput.QueueRow current = null;
    PhoneInput.QueueRow previous = null;
    for (Map<String, Object> r : monthly) {
      if ("_all".equals(r.get("queue_id"))) {
        if (m.equals(r.get("month"))) {
          current = queueRow(r, "month");
        } else {
          previous = queueRow(r, "month");
        }
      }
    }
    if (current == null) {
      return null;
    }
    Map<String, List<PhoneInput.QueueRow>> daily = new LinkedHashMap<>();
    List<PhoneInput.QueueRow> days = tables.records(OutputTable.QUEUE_DAILY, dates).stream()
        .map(r -> queueRow(r, "date")).sorted(Comparator.comparing(PhoneInput.QueueRow::period)).toList();
    daily.put("_all", days.stream().filter(q -> q.queueId().equals("_all")).toList());
    days.stream().map(PhoneInput.QueueRow::queueId).filter(q -> !q.equals("_all")).distinct().sorted()
        .forEach(q -> daily.put(q, days.stream().filter(d -> d.queueId().equals(q)).toList()));
    // the intervals of every queue of a date summed, then per weekday and interval
    Map<String, long[]> cells = new java.util.TreeMap<>();
    Map<String, Set<String>> cellDates = new java.util.HashMap<>();
    for (Map<String, Object> r : tables.records(OutputTable.QUEUE_INTERVALS, dates)) {
      LocalDate d = LocalDate.parse((String) r.get("date"));
      String key = d.getDayOfWeek().getValue() + "|" + r.get("interval");
      long[] c = cells.computeIfAbsent(key, k -> new long[4]);
      long offered = (Long) r.get("offered");
      c[0] += offered;
      c[1] += offered - (Long) r.get("short_abandoned");
      c[2] += (Long) r.get("answered_in_sl");
      c[3] += r.get("required_agents") == null ? 0 : (Long) r.get("required_agents");
      cellDates.computeIfAbsent(key, k -> new TreeSet<>()).add(d.toString());
    }
    List<PhoneInput.HeatCell> heat = new ArrayList<>();
    cells.forEach((key, c) -> {
      String[] parts = key.split("\\|");
      heat.add(new PhoneInput.HeatCell(Integer.parseInt(parts[0]), parts[1], c[0], c[1], c[2], c[3],
          cellDates.get(key).size()));
    });
    List<PhoneInput.PhoneAgent> agents = tables.records(OutputTable.AGENT_MONTHLY, List.of(m)).stream()
        .filter(r -> r.get("calls_answered") != null && (Long) r.get("calls_answered") > 0)
        .map(r -> new PhoneInput.PhoneAgent((String) r.get("agent_id"), (String) r.get("agent_name"),
            (String) r.get("team_id"), (String) r.get("team_name"), (Long) r.get("calls_answered"),
            (Double) r.get("handle_avg_s"), (Long) r.get("ratings"), (Double) r.get("satisfaction_rate")))
        .sorted(Comparator.comparing(PhoneInput.PhoneAgent::answered).reversed()
            .thenComparing(PhoneInput.PhoneAgent::agentId))
        .toList();
    return new PhoneInput(current, previous, daily, heat, agents);
  }

  private static PhoneInput.QueueRow queueRow(Map<String, Object> r, String period) {
    return new PhoneInput.QueueRow((String) r.get(period), (String) r.get("queue_id"), (Long) r.get("offered"),
        (Long) r.get("answered"), (Long) r.get("abandoned"), (Long) r.get("short_abandoned"),
        (Double) r.get("answer_rate"), (Double) r.get("service_level"), (Double) r.get("asa_s"),
        (Double) r.get("abandon_rate"), (Double) r.get("aht_s"));
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
      // for a manager: when the tables were computed and what each source held; the run id and
      // the engineer's details stay in the run summary (_runs/<id>.json)
      String at = n.path("startedAt").asText();
      try {
        at = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .format(java.time.Instant.parse(at).atZone(java.time.ZoneOffset.UTC));
      } catch (java.time.format.DateTimeParseException e) {
        // keep the text as it is
      }
      out.put(zh ? "数据计算于" : "tables computed", at);
      Map<String, String[]> names = Map.of("roster", new String[] {"花名册", "roster"},
          "messages", new String[] {"聊天消息", "chat messages"}, "ratings", new String[] {"评价", "ratings"},
          "orders", new String[] {"订单", "orders"}, "calls", new String[] {"通话", "calls"},
          "groups", new String[] {"导师分组", "groups"}, "trainings", new String[] {"培训", "trainings"});
      for (Iterator<Map.Entry<String, JsonNode>> it = n.path("sources").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> s = it.next();
        JsonNode c = s.getValue();
        String[] name = names.getOrDefault(s.getKey(), new String[] {s.getKey(), s.getKey()});
        String key = zh ? name[0] : name[1];
        if (c.path("absent").asBoolean(false)) {
          out.put(key, zh ? "本部门没有此数据" : "not in this department's data");
          continue;
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, zh ? "%,d 条，采用 %,d 条" : "%,d rows, %,d used",
            c.path("read").asLong(), c.path("used").asLong()));
        if (c.path("filtered").asLong() > 0) {
          line.append(String.format(Locale.ROOT, zh ? "，按设置筛除 %,d 条" : ", %,d filtered out by the mapping",
              c.path("filtered").asLong()));
        }
        if (c.path("duplicates").asLong() > 0) {
          line.append(String.format(Locale.ROOT, zh ? "，重复 %,d 条（只计一次）" : ", %,d repeats (counted once)",
              c.path("duplicates").asLong()));
        }
        if (c.path("rejected").asLong() > 0) {
          line.append(String.format(Locale.ROOT, zh ? "，无法使用 %,d 条" : ", %,d unusable", c.path("rejected").asLong()));
          Iterator<Map.Entry<String, JsonNode>> reasons = c.path("topRejectReasons").fields();
          if (reasons.hasNext()) {
            line.append(zh ? "（如：" : " (e.g. ").append(reasons.next().getKey()).append(zh ? "）" : ")");
          }
        }
        out.put(key, line.toString());
      }
      out.put(zh ? "未分配客服的买家消息" : "unrouted buyer messages", String.format(Locale.ROOT, "%,d", n.path("unroutedBuyerMessages").asLong()));
      out.put(zh ? "静默下单（无咨询的订单）" : "silent orders", String.format(Locale.ROOT, "%,d", n.path("silentOrders").asLong()));
    } catch (IOException e) {
      out.put(zh ? "运行" : "run", (zh ? "运行摘要无法读取：" : "unreadable run summary: ") + e.getMessage());
    }
    return out;
  }

}
