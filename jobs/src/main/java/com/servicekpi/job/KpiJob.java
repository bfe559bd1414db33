package com.servicekpi.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.servicekpi.config.Settings;
import com.servicekpi.io.InputException;
import com.servicekpi.io.InputReader;
import com.servicekpi.io.Source;
import com.servicekpi.io.TableWriter;
import com.servicekpi.metrics.DateRange;
import com.servicekpi.metrics.KpiPipeline;
import com.servicekpi.metrics.Rounds;
import com.servicekpi.validate.Validate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The `run` command: read the input root, compute the tables, write them and the run summary. */
public final class KpiJob {
  private static final Logger LOG = LoggerFactory.getLogger(KpiJob.class);
  public static final List<String> TABLES = List.of("receptions", "agent_daily", "team_daily", "agent_monthly", "team_monthly");

  private final SparkSession spark;
  private final Settings settings;

  public KpiJob(SparkSession spark, Settings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  public RunSummary run(DateRange range) {
    long t0 = System.nanoTime();
    // Local dates are the configured zone's, whoever built the session.
    spark.conf().set("spark.sql.session.timeZone", settings.timezone().getId());
    String startedAt = Instant.now().toString();
    String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
        + "-" + UUID.randomUUID().toString().substring(0, 8);
    InputReader reader = new InputReader(spark, settings.csvMultiline());
    // Paths are made absolute here, on the driver: executors on a cluster have other working dirs.
    String in = qualify(settings.inputPath());
    String outRoot = qualify(settings.outputPath());
    TableWriter writer = new TableWriter(spark, outRoot);
    Map<String, RunSummary.SourceCounts> counts = new LinkedHashMap<>();

    // Every header is checked before any Spark job runs, so a missing column fails at once.
    Map<Source, Dataset<Row>> raw = new LinkedHashMap<>();
    for (Source s : Source.values()) {
      raw.put(s, reader.read(in, s));
    }

    stage("validating roster");
    Dataset<Row> rosterTyped = Validate.roster(raw.get(Source.ROSTER)).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> roster = valid(rosterTyped);
    counts.put("roster", account(Source.ROSTER, rosterTyped, rosterTyped.count(), 0, writer));

    stage("validating messages");
    Dataset<Row> messagesTyped = Validate.messages(raw.get(Source.MESSAGES)).persist(StorageLevel.MEMORY_AND_DISK());
    Row m = messagesTyped.agg(
        count(lit(1)),
        count(when(col(Validate.REASON).isNull(), lit(1))),
        count(when(col(Validate.REASON).isNull().and(col("sender").equalTo("buyer")).and(col("agent_id").isNull()), lit(1))),
        count(when(col(Validate.REASON).isNull().and(col("sender").equalTo("system")), lit(1))),
        count(when(col(Validate.REASON).isNull().and(col("sender").equalTo("bot")), lit(1)))).first();
    long messagesRead = m.getLong(0);
    if (messagesRead == 0) {
      throw new InputException("source 'messages': the files under " + in + "/messages hold no rows.");
    }
    Dataset<Row> messages = Rounds.deduplicate(valid(messagesTyped)).persist(StorageLevel.MEMORY_AND_DISK());
    long messagesUsed = messages.count();
    counts.put("messages", account(Source.MESSAGES, messagesTyped, messagesRead, m.getLong(1) - messagesUsed, writer));

    stage("validating ratings");
    Dataset<Row> ratingsTyped = Validate.ratings(raw.get(Source.RATINGS)).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> ratings = valid(ratingsTyped);
    counts.put("ratings", account(Source.RATINGS, ratingsTyped, ratingsTyped.count(), 0, writer));

    stage("validating orders");
    Dataset<Row> ordersTyped = conflictingOrders(Validate.orders(raw.get(Source.ORDERS))).persist(StorageLevel.MEMORY_AND_DISK());
    long ordersRead = ordersTyped.count();
    Dataset<Row> orders = valid(ordersTyped).dropDuplicates("order_id").persist(StorageLevel.MEMORY_AND_DISK());
    long ordersValid = valid(ordersTyped).count();
    long ordersUsed = orders.count();
    counts.put("orders", account(Source.ORDERS, ordersTyped, ordersRead, ordersValid - ordersUsed, writer));

    stage("computing rounds, receptions, attribution and aggregates");
    KpiPipeline.Tables t = KpiPipeline.compute(
        new KpiPipeline.Inputs(messages, ratings, orders, roster),
        new KpiPipeline.Params(settings.answerWindowMicros(), settings.conversionWindowDays(),
            settings.satisfiedMinScore(), settings.dissatisfiedMaxScore()),
        range);

    Map<String, Long> written = new LinkedHashMap<>();
    // With a range, partitions of the range that get no rows are removed; without, none are.
    List<String> dateScope = range == null ? null : datesOf(range);
    List<String> monthScope = range == null ? null
        : datesOf(range.wholeMonths()).stream().map(d -> d.substring(0, 7)).distinct().toList();
    List<String> dates = write(writer, written, t.agentDaily(), "agent_daily", "date", dateScope);
    write(writer, written, t.receptions(), "receptions", "date", dateScope);
    write(writer, written, t.teamDaily(), "team_daily", "date", dateScope);
    List<String> months = write(writer, written, t.agentMonthly(), "agent_monthly", "month", monthScope);
    write(writer, written, t.teamMonthly(), "team_monthly", "month", monthScope);

    long attributed = t.attributedOrders().count();
    long considered = t.ordersConsidered().count();
    RunSummary summary = new RunSummary(runId, "succeeded", startedAt, (System.nanoTime() - t0) / 1e9,
        in, outRoot, settings.timezone().getId(),
        range == null ? null : range.from().toString(), range == null ? null : range.to().toString(),
        counts, m.getLong(2), m.getLong(3), m.getLong(4), attributed, considered - attributed,
        written, dates, months);
    writer.writeText("_runs/" + runId + ".json", summary.toJson());
    spark.catalog().clearCache();
    return summary;
  }

  /** Writes one table and returns its partition values, sorted; counts its rows into written. */
  private List<String> write(TableWriter writer, Map<String, Long> written, Dataset<Row> table, String name,
                             String partition, List<String> scope) {
    stage("computing " + name);
    Dataset<Row> cached = table.persist(StorageLevel.MEMORY_AND_DISK());
    List<String> values = new ArrayList<>();
    long rows = 0;
    for (Row r : cached.groupBy(partition).count().orderBy(partition).collectAsList()) {
      values.add(String.valueOf(r.get(0)));
      rows += r.getLong(1);
    }
    stage("writing " + name + " (" + rows + " rows, " + values.size() + " partitions)");
    writer.write(cached, name, partition, scope, values);
    cached.unpersist();
    written.put(name, rows);
    LOG.info("wrote {} rows to {}", rows, writer.pathOf(name));
    return values;
  }

  private static Dataset<Row> valid(Dataset<Row> typed) {
    return typed.filter(col(Validate.REASON).isNull()).drop(Validate.REASON, "raw", InputReader.FILE_COL);
  }

  /** Counts a source's rejects, writes them to _rejected/SOURCE/ and returns its counts. */
  private RunSummary.SourceCounts account(Source source, Dataset<Row> typed, long read, long duplicates, TableWriter writer) {
    Dataset<Row> rejected = typed.filter(col(Validate.REASON).isNotNull())
        .select(col(InputReader.FILE_COL).as("file"), col(Validate.REASON).as("reason"), col("raw"));
    Map<String, Long> reasons = new LinkedHashMap<>();
    long rejectedN = 0;
    for (Row r : rejected.groupBy("reason").count().orderBy(col("count").desc(), col("reason")).collectAsList()) {
      rejectedN += r.getLong(1);
      if (reasons.size() < 5) {
        reasons.put(r.getString(0), r.getLong(1));
      }
    }
    String path = "_rejected/" + source.folder;
    if (rejectedN > 0) {
      writer.writeJson(rejected, path);
      LOG.warn("source '{}': {} of {} rows rejected, see {}", source.folder, rejectedN, read, writer.pathOf(path));
    } else {
      writer.delete(path);
    }
    return new RunSummary.SourceCounts(read, read - duplicates - rejectedN, duplicates, rejectedN, reasons);
  }

  /**
   * The same order_id with different content can't be told apart: every version is rejected.
   * Identical copies (overlapping exports) are duplicates, dropped later.
   */
  static Dataset<Row> conflictingOrders(Dataset<Row> orders) {
    Dataset<Row> versions = orders.filter(col(Validate.REASON).isNull())
        .withColumn("_versions", org.apache.spark.sql.functions.size(org.apache.spark.sql.functions.collect_set(
            org.apache.spark.sql.functions.struct(col("buyer_id"), col("created_at"), col("paid_at"), col("amount")))
            .over(Window.partitionBy("order_id"))))
        .withColumn(Validate.REASON, when(col("_versions").gt(1),
            lit("order_id appears more than once with different content")))
        .drop("_versions");
    return versions.unionByName(orders.filter(col(Validate.REASON).isNotNull()));
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
