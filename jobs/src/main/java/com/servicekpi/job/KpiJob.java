package com.servicekpi.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.servicekpi.config.Settings;
import com.servicekpi.marts.KpiPipeline;
import com.servicekpi.marts.OutputTable;
import com.servicekpi.model.DateRange;
import com.servicekpi.privacy.BuyerIds;
import com.servicekpi.publish.Publisher;
import com.servicekpi.publish.TableWriter;
import com.servicekpi.quality.Invariants;
import com.servicekpi.sources.InputException;
import com.servicekpi.sources.Source;
import com.servicekpi.sources.Sources;
import com.servicekpi.staging.RecordNumbers;
import com.servicekpi.staging.Staging;
import com.servicekpi.staging.Tally;
import com.servicekpi.staging.Validate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The `run` command: read the input root, compute the tables, write them and the run summary. */
public final class KpiJob {
  private static final Logger LOG = LoggerFactory.getLogger(KpiJob.class);

  private final SparkSession spark;
  private final Settings settings;
  /**
   * The sources whose absence leaves their tables out (spec §6.1, §8, §9); the others, when
   * absent, are read as no rows.
   */
  private static final Set<Source> OPTIONAL = Set.of(Source.CALLS, Source.GROUPS, Source.TRAININGS);

  public KpiJob(SparkSession spark, Settings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  public RunSummary run(DateRange range) {
    long t0 = System.nanoTime();
    if (settings.trust().buyerIdKey().isEmpty()) {
      throw new InputException("no buyer-id key: set SERVICE_KPI_BUYER_ID_KEY (or privacy.buyer-id-key in the --conf"
          + " file) to a secret string. Buyer ids are personal data; the receptions table stores only"
          + " HMAC-SHA-256(key, buyer_id). Keep the key the same across runs.");
    }
    // Local dates are the configured zone's, whoever built the session.
    spark.conf().set("spark.sql.session.timeZone", settings.timezone().getId());
    String startedAt = Instant.now().toString();
    String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
        + "-" + UUID.randomUUID().toString().substring(0, 8);
    if (settings.inputPath().isBlank()) {
      throw new InputException("no input: give --input DIR (the folder with the sources, or the root that the"
          + " sources { } mappings' paths are relative to), or set input.path in the --conf file or"
          + " SERVICE_KPI_INPUT. `bin/service-kpi demo` runs on the bundled samples.");
    }
    // Paths are made absolute here, on the driver: executors on a cluster have other working dirs.
    String in = qualify(settings.inputPath());
    String outRoot = qualify(settings.outputPath());
    checkOutput(outRoot);
    TableWriter writer = new TableWriter(spark, outRoot);
    Publisher publisher = new Publisher(spark.sparkContext().hadoopConfiguration(), outRoot);
    publisher.recover();
    Progress progress = new Progress(runId, startedAt, t0, in, outRoot, range);
    try {
      RunSummary summary = compute(range, runId, in, writer, publisher, progress);
      writer.writeText("_runs/" + runId + ".json", summary.toJson());
      return summary;
    } catch (RuntimeException e) {
      if (!progress.publishing) {
        publisher.discard(runId);
      }
      writer.writeText("_runs/" + runId + ".json", progress.failed(e).toJson());
      throw e;
    } finally {
      spark.catalog().clearCache();
    }
  }

  /** What a run has counted so far, for the summary of a run that fails. */
  private final class Progress {
    final String runId;
    final String startedAt;
    final long t0;
    final String in;
    final String out;
    final DateRange range;
    final Map<String, RunSummary.SourceCounts> counts = new LinkedHashMap<>();
    boolean publishing;

    Progress(String runId, String startedAt, long t0, String in, String out, DateRange range) {
      this.runId = runId;
      this.startedAt = startedAt;
      this.t0 = t0;
      this.in = in;
      this.out = out;
      this.range = range;
    }

    RunSummary summary(String status, String error, long[] messageCounts, long attributed, long silent,
                       long callsWithoutAgent, Map<String, Long> written, List<String> dates, List<String> months) {
      return new RunSummary(runId, status, error, startedAt, (System.nanoTime() - t0) / 1e9, in, out,
          settings.timezone().getId(), range == null ? null : range.from().toString(),
          range == null ? null : range.to().toString(), counts, messageCounts[0], messageCounts[1], messageCounts[2],
          attributed, silent, callsWithoutAgent, written, dates, months);
    }

    RunSummary failed(RuntimeException e) {
      return summary("failed", e.getMessage(), new long[3], 0, 0, 0, Map.of(), List.of(), List.of());
    }
  }

  private RunSummary compute(DateRange range, String runId, String in, TableWriter writer, Publisher publisher,
                             Progress progress) {
    Sources sources = new Sources(spark, settings.csvMultiline(), settings.sources());
    String stage = Publisher.staging(runId);
    List<Publisher.Change> changes = new ArrayList<>();
    Map<String, RunSummary.SourceCounts> counts = progress.counts;

    KpiPipeline.Params params = new KpiPipeline.Params(settings.answerWindowMicros(), settings.conversionWindowDays(),
        settings.satisfiedMinScore(), settings.dissatisfiedMaxScore(), settings.calls(), settings.insights().flags(),
        settings.insights().trainingWindowDays());
    // A range reads only the dates it needs from date-partitioned sources.
    KpiPipeline.InputWindows need = range == null ? null : KpiPipeline.windows(range, params);
    // Every header and every mapping is checked before any Spark job runs, so a missing column or
    // a wrong expression fails at once.
    Map<Source, Dataset<Row>> raw = new LinkedHashMap<>();
    Set<Source> absent = new java.util.HashSet<>();
    for (Source s : Source.values()) {
      DateRange dates = need == null ? null : switch (s) {
        case MESSAGES -> need.messages();
        case RATINGS -> need.ratings();
        case ORDERS -> need.orders();
        case CALLS -> need.ratings(); // the months, as ratings: a call counts on its own date
        case ROSTER, GROUPS, TRAININGS -> null;
      };
      Sources.Read read = sources.read(in, s, dates);
      raw.put(s, read.rows());
      if (read.absent()) {
        absent.add(s);
        LOG.info("source '{}': no folder {}/{} and no sources.{} mapping: the run goes on without it",
            s.folder, in, s.folder, s.folder);
      }
    }
    if (absent.contains(Source.MESSAGES) && absent.contains(Source.CALLS)) {
      throw new InputException("no messages and no calls: " + in + " has neither a folder 'messages' nor a folder"
          + " 'calls', and the configuration maps neither (sources.messages, sources.calls). A run needs the chat"
          + " log, the call log or both; roster, ratings and orders may be absent.");
    }
    // A range restates the training sessions whose windows touch it, over every date of their
    // windows: the date-partitioned sources are read again over the wider span when it is wider.
    DateRange span = range == null || absent.contains(Source.TRAININGS) ? range
        : KpiPipeline.span(range, sessionDates(raw.get(Source.TRAININGS), range), params.trainingWindowDays());
    if (span != null && !span.equals(range)) {
      KpiPipeline.InputWindows wide = KpiPipeline.windows(span, params);
      LOG.info("training sessions within {} days of {}..{}: computing {}..{}", params.trainingWindowDays(),
          range.from(), range.to(), span.from(), span.to());
      raw.put(Source.MESSAGES, sources.read(in, Source.MESSAGES, wide.messages()).rows());
      raw.put(Source.RATINGS, sources.read(in, Source.RATINGS, wide.ratings()).rows());
      raw.put(Source.ORDERS, sources.read(in, Source.ORDERS, wide.orders()).rows());
    }

    // Each source is staged by its own rules and counted in one job: rows per reject reason (the
    // usable rows under none). An absent source is counted as absent without a job; an absent
    // roster stages as no rows (everyone is _unassigned, spec §6.1), and so do absent messages,
    // ratings and orders, which the model reads as empty; absent calls, groups and trainings give
    // no tables.
    Map<Source, Dataset<Row>> usable = new EnumMap<>(Source.class);
    Map<String, Long> extra = new HashMap<>();
    for (Source s : Source.values()) {
      if (absent.contains(s)) {
        counts.put(s.folder, new RunSummary.SourceCounts(0, 0, 0, 0, 0, Map.of(), true));
        changes.add(new Publisher.Change(false, "_rejected/" + s.folder)); // no rejects left from an earlier run
        usable.put(s, OPTIONAL.contains(s) ? null : Staging.absent(s, raw.get(s)));
        continue;
      }
      stage("validating " + s.folder);
      Staging.Staged staged = Staging.of(s, raw.get(s));
      if (s == Source.MESSAGES && staged.tally().read() == 0) {
        throw new InputException("source 'messages': " + (settings.sources().containsKey(Source.MESSAGES)
            ? settings.sources().get(Source.MESSAGES).describe() : "the files under " + in + "/messages")
            + " hold no rows.");
      }
      counts.put(s.folder, account(s, raw.get(s), staged, writer, stage, changes));
      usable.put(s, staged.usable());
      extra.putAll(staged.extra());
    }
    long[] messageCounts = {extra.getOrDefault(Staging.UNROUTED, 0L), extra.getOrDefault(Staging.SYSTEM, 0L),
        extra.getOrDefault(Staging.BOT, 0L)};
    long callsWithoutAgent = extra.getOrDefault(Staging.NO_AGENT, 0L);
    Dataset<Row> calls = usable.get(Source.CALLS);

    stage("computing rounds, receptions, attribution and aggregates");
    KpiPipeline.Tables t = KpiPipeline.compute(
        new KpiPipeline.Inputs(usable.get(Source.MESSAGES), usable.get(Source.RATINGS), usable.get(Source.ORDERS),
            usable.get(Source.ROSTER), calls, usable.get(Source.GROUPS), usable.get(Source.TRAININGS)), params, range,
        span);

    Map<String, Long> written = new LinkedHashMap<>();
    // With a range, partitions of the range that get no rows are removed; without, none are.
    List<String> dateScope = range == null ? null : datesOf(range);
    List<String> monthScope = range == null ? null
        : datesOf(range.wholeMonths()).stream().map(d -> d.substring(0, 7)).distinct().toList();
    Map<String, List<String>> scopes = new java.util.HashMap<>();
    scopes.put("date", dateScope);
    scopes.put("month", monthScope);
    // Buyer ids hashed after the write's shuffle: 64 hex digits would cross it instead of the id.
    String buyerIdKey = settings.trust().buyerIdKey().value();
    List<String> dates = List.of();
    List<String> months = List.of();
    for (KpiPipeline.Output o : t.outputs()) {
      if (o.partition() == null) {
        // Not partitioned (training_effect): its rows reach across dates and months, so only a run
        // over every date rewrites it (docs/spec-readings.md).
        stage("computing " + o.name());
        writer.writeWhole(range == null ? o.rows() : restated(o.rows(), range, progress.out), stage + "/" + o.name());
        changes.add(new Publisher.Change(true, o.name()));
        written.put(o.name(), spark.read().parquet(writer.pathOf(stage + "/" + o.name())).count());
        continue;
      }
      UnaryOperator<Dataset<Row>> afterShuffle = o.table() == OutputTable.RECEPTIONS
          ? rows -> BuyerIds.pseudonymise(rows, buyerIdKey) : UnaryOperator.identity();
      List<String> values = write(writer, written, o.rows(), afterShuffle, o.name(), o.partition(),
          scopes.get(o.partition()), stage, changes);
      if (o.table() == OutputTable.AGENT_DAILY) {
        dates = values;
      } else if (o.table() == OutputTable.AGENT_MONTHLY) {
        months = values;
      }
    }

    stage("checking the computed tables");
    Set<String> complete = completeMonths(range, dates, months);
    List<Invariants.Finding> findings = new ArrayList<>(Invariants.check(staged(writer, stage, OutputTable.AGENT_DAILY),
        staged(writer, stage, OutputTable.TEAM_DAILY), staged(writer, stage, OutputTable.AGENT_MONTHLY),
        staged(writer, stage, OutputTable.TEAM_MONTHLY), complete));
    if (t.calls() != null && written.get(OutputTable.QUEUE_DAILY.table) > 0) {
      findings.addAll(Invariants.checkCalls(staged(writer, stage, OutputTable.QUEUE_DAILY),
          staged(writer, stage, OutputTable.QUEUE_MONTHLY), staged(writer, stage, OutputTable.QUEUE_INTERVALS),
          complete));
    }
    if (written.getOrDefault(OutputTable.GROUP_DAILY.table, 0L) > 0) {
      findings.addAll(Invariants.checkGroups(staged(writer, stage, OutputTable.GROUP_DAILY),
          staged(writer, stage, OutputTable.GROUP_MONTHLY), complete));
    }
    if (!findings.isEmpty()) {
      throw new Invariants.Failed(findings);
    }

    long attributed = t.attributedOrders().count();
    long considered = t.ordersConsidered().count();
    stage("publishing " + changes.size() + " partitions and folders");
    progress.publishing = true;
    try {
      publisher.publish(runId, changes);
    } catch (RuntimeException e) {
      publisher.recover(); // put the previous output back now rather than at the next run
      throw e;
    }
    return progress.summary("succeeded", null, messageCounts,
        attributed, considered - attributed, callsWithoutAgent, written, dates, months);
  }

  /**
   * The first and last trained_on of the usable sessions that a range restates, or null when it
   * restates none.
   */
  private LocalDate[] sessionDates(Dataset<Row> rawTrainings, DateRange range) {
    DateRange sessions = KpiPipeline.restatedSessions(range, settings.insights().trainingWindowDays());
    Row r = Validate.usable(Validate.trainings(rawTrainings))
        .filter(col("trained_on").between(lit(sessions.from()), lit(sessions.to())))
        .agg(org.apache.spark.sql.functions.min("trained_on"), org.apache.spark.sql.functions.max("trained_on"))
        .first();
    return r.isNullAt(0) ? null : new LocalDate[] {r.getDate(0).toLocalDate(), r.getDate(1).toLocalDate()};
  }

  /**
   * training_effect after a range run: the published rows of the sessions the range does not
   * restate, and the recomputed rows of those it does. A session is complete once the last date
   * with agent_daily rows, published or computed now, reaches the end of its after window.
   */
  private Dataset<Row> restated(Dataset<Row> recomputed, DateRange range, String outRoot) {
    int n = settings.insights().trainingWindowDays();
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    org.apache.hadoop.fs.Path published = new org.apache.hadoop.fs.Path(outRoot, OutputTable.TRAINING_EFFECT.table);
    org.apache.hadoop.fs.Path agentDaily = new org.apache.hadoop.fs.Path(outRoot, OutputTable.AGENT_DAILY.table);
    LocalDate last = null;
    Dataset<Row> kept = null;
    try {
      org.apache.hadoop.fs.FileSystem fs = published.getFileSystem(hadoop);
      if (fs.exists(agentDaily)) {
        for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(agentDaily)) {
          String name = f.getPath().getName();
          if (f.isDirectory() && name.startsWith("date=")) {
            LocalDate d = LocalDate.parse(name.substring(5));
            last = last == null || d.isAfter(last) ? d : last;
          }
        }
      }
      if (fs.exists(published)) {
        DateRange sessions = KpiPipeline.restatedSessions(range, n);
        kept = spark.read().parquet(published.toString())
            .filter(org.apache.spark.sql.functions.not(col("trained_on").between(lit(sessions.from()),
                lit(sessions.to()))))
            .select(java.util.Arrays.stream(recomputed.columns()).map(c -> col(c)).toArray(
                org.apache.spark.sql.Column[]::new));
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read " + published + ": " + e.getMessage(), e);
    }
    Dataset<Row> all = kept == null ? recomputed : kept.unionByName(recomputed);
    return last == null ? all : all.withColumn("complete",
        col("complete").or(org.apache.spark.sql.functions.date_add(col("trained_on"), n).leq(lit(last))));
  }

  private Dataset<Row> staged(TableWriter writer, String stage, String table) {
    return spark.read().parquet(writer.pathOf(stage + "/" + table));
  }

  private Dataset<Row> staged(TableWriter writer, String stage, OutputTable table) {
    return staged(writer, stage, table.table);
  }

  /** Months whose every date the run computed: a full run's months, or those inside the range. */
  private static Set<String> completeMonths(DateRange range, List<String> dates, List<String> months) {
    if (range == null) {
      return new TreeSet<>(months);
    }
    Set<String> out = new TreeSet<>();
    for (String month : months) {
      java.time.YearMonth ym = java.time.YearMonth.parse(month);
      if (!range.from().isAfter(ym.atDay(1)) && !range.to().isBefore(ym.atEndOfMonth())) {
        out.add(month);
      }
    }
    return out;
  }

  /** A partitioned table to the staging folder, with {@code afterShuffle} ({@link TableWriter#write}). */
  private List<String> write(TableWriter writer, Map<String, Long> written, Dataset<Row> table,
                             UnaryOperator<Dataset<Row>> afterShuffle, String name, String partition,
                             List<String> scope, String stage, List<Publisher.Change> changes) {
    stage("computing " + name);
    String path = stage + "/" + name;
    writer.write(table, path, partition, afterShuffle);
    // What was written, from the staged files (Parquet footers), not from a second computation.
    List<String> values = new ArrayList<>();
    long rows = 0;
    if (writer.hasPartitions(path)) {
      for (Row r : staged(writer, stage, name).groupBy(partition).count().orderBy(partition).collectAsList()) {
        values.add(String.valueOf(r.get(0)));
        rows += r.getLong(1);
      }
    }
    for (String v : values) {
      changes.add(new Publisher.Change(true, name + "/" + partition + "=" + v));
    }
    if (scope != null) {
      // a date of the range that no longer has rows loses its old partition
      scope.stream().filter(v -> !values.contains(v))
          .forEach(v -> changes.add(new Publisher.Change(false, name + "/" + partition + "=" + v)));
    }
    written.put(name, rows);
    LOG.info("wrote {} rows of {} ({} partitions)", rows, name, values.size());
    return values;
  }

  /**
   * Stages a source's rejects for _rejected/SOURCE/ and returns its counts; stops the run when
   * the rejected share is above validation.max-rejected-share.
   */
  private RunSummary.SourceCounts account(Source source, Dataset<Row> raw, Staging.Staged staged, TableWriter writer,
                                          String stage, List<Publisher.Change> changes) {
    Tally tally = staged.tally();
    long duplicates = staged.duplicates();
    Dataset<Row> typed = staged.typed();
    long read = tally.read();
    Map<String, Long> reasons = tally.topReasons(5);
    long rejectedN = tally.rejectedRows();
    // Record numbers cost one more read of the source: only for a source with rejected rows.
    Dataset<Row> rejected = rejectedN == 0 ? null : RecordNumbers.rejected(raw, typed);
    double max = settings.trust().maxRejectedShare();
    long considered = tally.considered();
    if (tally.rejectsAbove(max)) {
      StringBuilder examples = new StringBuilder();
      for (Row r : rejected.orderBy("file", RecordNumbers.RECORD).limit(3).collectAsList()) {
        examples.append(examples.isEmpty() ? "" : "; ").append(r.getString(0)).append(" record ")
            .append(r.isNullAt(1) ? "?" : r.get(1)).append(": ").append(r.getString(2));
      }
      throw new InputException(String.format(java.util.Locale.ROOT,
          "source '%s': %d of %d rows rejected (%.2f%%), more than validation.max-rejected-share (%.2f%%);"
              + " nothing was published. Top reasons: %s. For example %s. Fix the export, or raise"
              + " validation.max-rejected-share if these rows are expected.",
          source.folder, rejectedN, considered, 100.0 * rejectedN / considered, 100.0 * max, reasons, examples));
    }
    String path = "_rejected/" + source.folder;
    if (rejectedN > 0) {
      writer.writeJson(rejected, stage + "/" + path);
      changes.add(new Publisher.Change(true, path));
      LOG.warn("source '{}': {} of {} rows rejected, see {}", source.folder, rejectedN, read, writer.pathOf(path));
    } else {
      changes.add(new Publisher.Change(false, path));
    }
    return new RunSummary.SourceCounts(read, tally.filtered(), considered - duplicates - rejectedN, duplicates,
        rejectedN, reasons, false);
  }

  /** The output root is a folder this run can write, or the run stops before any work. */
  private void checkOutput(String outRoot) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(outRoot);
      org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(p) && !fs.getFileStatus(p).isDirectory()) {
        throw new InputException("--output " + outRoot + " is a file: the output root must be a folder (it holds one"
            + " folder per table).");
      }
      org.apache.hadoop.fs.Path probe = new org.apache.hadoop.fs.Path(p, "_runs/.write-check-" + UUID.randomUUID());
      fs.create(probe, false).close();
      fs.delete(probe, false);
    } catch (java.io.IOException e) {
      throw new InputException("cannot write to the output root " + outRoot + ": " + e.getMessage()
          + ". Give --output a folder this user may write.", e);
    }
  }

  private String qualify(String path) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toString();
    } catch (java.io.IOException e) {
      throw new InputException("cannot resolve path " + path + ": " + e.getMessage(), e);
    }
  }

  private static List<String> datesOf(DateRange r) {
    List<String> out = new ArrayList<>();
    for (LocalDate d = r.from(); !d.isAfter(r.to()); d = d.plusDays(1)) {
      out.add(d.toString());
    }
    return out;
  }

  private void stage(String what) {
    LOG.info(what);
    spark.sparkContext().setJobDescription("service-kpi: " + what);
  }
}
