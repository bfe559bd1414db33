package com.servicekpi.staging;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.servicekpi.formats.InputReader;
import com.servicekpi.sources.Source;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * Raw string rows to typed rows, one pure function per source. Every output row carries
 * {@code reject_reason}: null for a usable row, otherwise the first rule it breaks. Timestamps
 * are parsed in the Spark session time zone (set from {@code timezone}): an ISO-8601 value with
 * an offset or Z is that instant, one without is local time.
 */
public final class Validate {
  public static final String REASON = "reject_reason";
  /** Marks an identical copy of an order that another row already stands for ({@link #orderVersions}). */
  public static final String COPY = "_copy";
  /**
   * The {@value #REASON} of a row that the source's {@code filter} left out (spec §7): counted as
   * filtered, neither used nor rejected, and never written to _rejected/.
   */
  public static final String FILTERED = "(filtered)";

  private Validate() {}

  /** A source's rows typed by its row rules (its duplicates and versions are {@link Staging}'s). */
  public static Dataset<Row> of(Source source, Dataset<Row> raw) {
    return switch (source) {
      case ROSTER -> roster(raw);
      case MESSAGES -> messages(raw);
      case RATINGS -> ratings(raw);
      case ORDERS -> orders(raw);
      case CALLS -> calls(raw);
      case GROUPS -> groups(raw);
      case TRAININGS -> trainings(raw);
    };
  }

  /** messages: message_id, buyer_id, agent_id, sender, sent_at (timestamp), date, session_id, channel. */
  public static Dataset<Row> messages(Dataset<Row> raw) {
    raw = withMalformed(raw);
    Column sentAt = timestamp("sent_at");
    Column reason = firstOf(
        requiredMissing(Source.MESSAGES, raw),
        when(sentAt.isNull(), lit("unparseable timestamp in sent_at")),
        when(not(col("sender").isin("buyer", "agent", "bot", "system")),
            concat(lit("unknown sender '"), col("sender"), lit("' (expected buyer, agent, bot or system)"))));
    // The reason once, in its own projection: the columns below refer to it four times.
    raw = raw.withColumn(REASON, reason);
    reason = col(REASON);
    return raw.select(
        col("message_id"), col("buyer_id"), col("agent_id"), col("sender"),
        sentAt.as("sent_at"), localDate(sentAt).as("date"),
        col("session_id"), col("channel"), rejectedOnly(col(InputReader.FILE_COL), reason).as(InputReader.FILE_COL),
        rejectedOnly(col(InputReader.BLOCK_COL), reason).as(InputReader.BLOCK_COL),
        rejectedOnly(col(InputReader.ROW_COL), reason).as(InputReader.ROW_COL),
        rejectedOnly(rawJson(Source.MESSAGES), reason).as("raw"), reason);
  }

  /** ratings: agent_id, buyer_id, rated_at (timestamp), score (int), date. */
  public static Dataset<Row> ratings(Dataset<Row> raw) {
    raw = withMalformed(raw);
    Column ratedAt = timestamp("rated_at");
    Column scoreNum = expr("try_cast(score AS DECIMAL(20,6))");
    Column reason = firstOf(
        requiredMissing(Source.RATINGS, raw),
        when(ratedAt.isNull(), lit("unparseable timestamp in rated_at")),
        when(scoreNum.isNull().or(scoreNum.notEqual(expr("floor(try_cast(score AS DECIMAL(20,6)))")))
                .or(scoreNum.lt(1)).or(scoreNum.gt(5)),
            concat(lit("score '"), col("score"), lit("' is not a whole number from 1 to 5"))));
    raw = raw.withColumn(REASON, reason);
    reason = col(REASON);
    return raw.select(
        col("agent_id"), col("buyer_id"), ratedAt.as("rated_at"), localDate(ratedAt).as("date"),
        scoreNum.cast(DataTypes.IntegerType).as("score"),
        rejectedOnly(col(InputReader.FILE_COL), reason).as(InputReader.FILE_COL),
        rejectedOnly(col(InputReader.BLOCK_COL), reason).as(InputReader.BLOCK_COL),
        rejectedOnly(col(InputReader.ROW_COL), reason).as(InputReader.ROW_COL),
        rejectedOnly(rawJson(Source.RATINGS), reason).as("raw"), reason);
  }

  /**
   * orders: order_id, buyer_id, created_at, paid_at (timestamps), amount decimal(18,2), order_date.
   * By the row rules alone, with the provenance (file, record, raw row) on rejected rows only: for
   * an export in which no order_id repeats, which the tally's {@link #distinctIdHashes} shows.
   * Otherwise {@link #orderVersions} types the orders.
   */
  public static Dataset<Row> orders(Dataset<Row> raw) {
    return orders(raw, false);
  }

  /**
   * @param provenanceOfEveryRow whether usable rows keep their file, record and raw row too
   *     ({@link #orderVersions} may reject them after the row rules)
   */
  private static Dataset<Row> orders(Dataset<Row> raw, boolean provenanceOfEveryRow) {
    raw = withMalformed(raw);
    Column createdAt = timestamp("created_at");
    Column paidAt = timestamp("paid_at");
    Column amount = expr("try_cast(amount AS DECIMAL(18,2))");
    Column reason = firstOf(
        requiredMissing(Source.ORDERS, raw),
        when(createdAt.isNull(), lit("unparseable timestamp in created_at")),
        when(col("paid_at").isNotNull().and(paidAt.isNull()), lit("unparseable timestamp in paid_at")),
        when(amount.isNull(), concat(lit("amount '"), col("amount"), lit("' is not a number"))),
        when(amount.lt(0), concat(lit("amount '"), col("amount"), lit("' is negative"))));
    raw = raw.withColumn(REASON, reason);
    reason = col(REASON);
    UnaryOperator<Column> provenance = provenanceOfEveryRow ? c -> c : c -> rejectedOnly(c, col(REASON));
    return raw.select(
        col("order_id"), col("buyer_id"), createdAt.as("created_at"), paidAt.as("paid_at"),
        amount.as("amount"), localDate(createdAt).as("order_date"),
        provenance.apply(col(InputReader.FILE_COL)).as(InputReader.FILE_COL),
        provenance.apply(col(InputReader.BLOCK_COL)).as(InputReader.BLOCK_COL),
        provenance.apply(col(InputReader.ROW_COL)).as(InputReader.ROW_COL),
        provenance.apply(rawJson(Source.ORDERS)).as("raw"), reason);
  }

  /**
   * roster: agent_id, agent_name, team_id, team_name, role, valid_from, valid_to (dates). Rows of
   * one agent whose validity periods overlap are both rejected: the spec allows at most one row
   * valid on a date, and there is no telling which of the two is right.
   */
  public static Dataset<Row> roster(Dataset<Row> raw) {
    raw = withMalformed(raw);
    Column from = expr("try_cast(valid_from AS DATE)");
    Column to = expr("try_cast(valid_to AS DATE)");
    Column reason = firstOf(
        requiredMissing(Source.ROSTER, raw),
        when(not(col("role").isin("presale", "aftersale", "other")),
            concat(lit("unknown role '"), col("role"), lit("' (expected presale, aftersale or other)"))),
        validity(from, to));
    Dataset<Row> typed = raw.select(
        col("agent_id"), col("agent_name"), col("team_id"), col("team_name"), col("role"),
        from.as("valid_from"), to.as("valid_to"),
        col(InputReader.FILE_COL), col(InputReader.BLOCK_COL), col(InputReader.ROW_COL), rawJson(Source.ROSTER),
        reason.as(REASON));
    return overlaps(typed, List.of("agent_id"), "overlaps another roster row of the same agent");
  }

  /**
   * groups (spec §8): group_id, group_name, agent_id, valid_from, valid_to (dates, as the
   * roster's). Two rows of one (group_id, agent_id) that overlap are both rejected.
   */
  public static Dataset<Row> groups(Dataset<Row> raw) {
    raw = withMalformed(raw);
    Column from = expr("try_cast(valid_from AS DATE)");
    Column to = expr("try_cast(valid_to AS DATE)");
    Column reason = firstOf(
        requiredMissing(Source.GROUPS, raw),
        validity(from, to));
    Dataset<Row> typed = raw.select(
        col("group_id"), col("group_name"), col("agent_id"), from.as("valid_from"), to.as("valid_to"),
        col(InputReader.FILE_COL), col(InputReader.BLOCK_COL), col(InputReader.ROW_COL), rawJson(Source.GROUPS),
        reason.as(REASON));
    return overlaps(typed, List.of("group_id", "agent_id"), "overlaps another row of the same group and agent");
  }

  /** trainings (spec §9): training_id, training_name, agent_id, trained_on (a date). */
  public static Dataset<Row> trainings(Dataset<Row> raw) {
    raw = withMalformed(raw);
    Column on = expr("try_cast(trained_on AS DATE)");
    Column reason = firstOf(
        requiredMissing(Source.TRAININGS, raw),
        when(on.isNull(), lit("unparseable date in trained_on")));
    return raw.select(
        col("training_id"), col("training_name"), col("agent_id"), on.as("trained_on"),
        col(InputReader.FILE_COL), col(InputReader.BLOCK_COL), col(InputReader.ROW_COL), rawJson(Source.TRAININGS),
        reason.as(REASON));
  }

  /** The rules of a validity period (roster, groups): the first one a row breaks, or null. */
  private static Column validity(Column from, Column to) {
    return firstOf(
        when(from.isNull(), lit("unparseable date in valid_from")),
        when(col("valid_to").isNotNull().and(to.isNull()), lit("unparseable date in valid_to")),
        when(to.isNotNull().and(to.leq(from)), lit("valid_to is not after valid_from")));
  }

  /**
   * Periods (valid_from inclusive, valid_to exclusive, null = open) of the same key that overlap:
   * both rows are rejected with {@code message}, as there is no telling which one is right. Only
   * rows that are otherwise valid take part.
   */
  private static Dataset<Row> overlaps(Dataset<Row> typed, List<String> keys, String message) {
    WindowSpec byKey = Window.partitionBy(keys.stream().map(k -> col(k)).toArray(Column[]::new))
        .orderBy(col("valid_from"), col("valid_to").asc_nulls_last());
    Column ok = col(REASON).isNull();
    Dataset<Row> valid = typed.filter(ok)
        .withColumn("_prev_to", lag(col("valid_to"), 1).over(byKey))
        .withColumn("_has_prev", lag(lit(true), 1).over(byKey))
        .withColumn("_next_from", lead(col("valid_from"), 1).over(byKey))
        .withColumn(REASON, when(
            col("_has_prev").and(col("_prev_to").isNull().or(col("_prev_to").gt(col("valid_from"))))
                .or(col("_next_from").isNotNull().and(col("valid_to").isNull().or(col("valid_to").gt(col("_next_from"))))),
            lit(message)))
        .drop("_prev_to", "_has_prev", "_next_from");
    return valid.unionByName(typed.filter(not(ok)));
  }

  /**
   * The orders typed as {@link #orders} does, for an export in which some order_id repeats. The
   * same order_id with different content can't be told apart: every version of it is rejected.
   * Identical copies (overlapping exports) are not: they are duplicates, and every copy but one is
   * marked {@value #COPY}. Versions differ when the smallest and the largest content of the
   * order_id differ, two aggregates of fixed size instead of the set of every version. One window
   * over order_id does both, so the orders are shuffled by order_id once: the tally counts the
   * marked copies ({@link #firstCopies}) and {@link #usable} drops them, with no distinct count and
   * no de-duplication pass of their own. Every row keeps its provenance through the window, since
   * a row that passes the row rules may still be a rejected version.
   *
   * @param raw the orders as read
   * @return the columns of {@link #orders}, with {@value #COPY} (false on rejected rows)
   */
  public static Dataset<Row> orderVersions(Dataset<Row> raw) {
    // Copies have the same content, so which one is kept does not matter: ordered by the key only.
    return versions(orders(raw, true), "order_id",
        struct(col("buyer_id"), col("created_at"), col("paid_at"), col("amount")),
        "order_id appears more than once with different content");
  }

  /** The queue of a call with an empty queue_id (spec §6.1). */
  public static final String DEFAULT_QUEUE = "_default";

  /**
   * calls (spec §6.1): call_id, caller_id, queue_id ({@value #DEFAULT_QUEUE} when empty),
   * agent_id, offered_at, answered_at, ended_at (timestamps), wrap_s (double, 0 when empty), date
   * (the local date of offered_at), and {@value #COPY}. As for orders, one call_id with two
   * contents rejects every version of it, and identical copies are duplicates ({@link #versions}).
   */
  public static Dataset<Row> calls(Dataset<Row> raw) {
    raw = withMalformed(raw);
    Column offered = timestamp("offered_at");
    Column answered = timestamp("answered_at");
    Column ended = timestamp("ended_at");
    Column wrap = expr("try_cast(wrap_s AS DOUBLE)");
    Column reason = firstOf(
        requiredMissing(Source.CALLS, raw),
        when(offered.isNull(), lit("unparseable timestamp in offered_at")),
        when(ended.isNull(), lit("unparseable timestamp in ended_at")),
        when(col("answered_at").isNotNull().and(answered.isNull()), lit("unparseable timestamp in answered_at")),
        when(col("wrap_s").isNotNull().and(wrap.isNull().or(wrap.lt(0)).or(expr("isnan(try_cast(wrap_s AS DOUBLE))"))),
            concat(lit("wrap_s '"), col("wrap_s"), lit("' is not a number >= 0"))),
        when(answered.lt(offered), lit("answered_at is before offered_at")),
        when(answered.isNotNull().and(ended.lt(answered)), lit("ended_at is before answered_at")),
        when(answered.isNull().and(ended.lt(offered)), lit("ended_at is before offered_at")));
    raw = raw.withColumn(REASON, reason);
    reason = col(REASON);
    Dataset<Row> typed = raw.select(
        col("call_id"), col("caller_id"), coalesce(col("queue_id"), lit(DEFAULT_QUEUE)).as("queue_id"),
        col("agent_id"), offered.as("offered_at"), answered.as("answered_at"), ended.as("ended_at"),
        coalesce(wrap, lit(0.0)).as("wrap_s"), localDate(offered).as("date"),
        col(InputReader.FILE_COL), col(InputReader.BLOCK_COL), col(InputReader.ROW_COL),
        rejectedOnly(rawJson(Source.CALLS), reason).as("raw"), reason);
    return versions(typed, "call_id", struct(col("caller_id"), col("queue_id"), col("agent_id"),
        col("offered_at"), col("answered_at"), col("ended_at"), col("wrap_s")),
        "call_id appears more than once with different content");
  }

  /**
   * Of typed rows with an id: every version of an id whose usable rows differ in {@code content}
   * is rejected with {@code reason}; of identical copies all but one are marked {@value #COPY}.
   * One window over the id.
   */
  private static Dataset<Row> versions(Dataset<Row> typed, String id, Column content, String reason) {
    WindowSpec byId = Window.partitionBy(id).orderBy(id);
    WindowSpec whole = byId.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    Column ok = col(REASON).isNull();
    Dataset<Row> checked = typed.filter(ok)
        .withColumn(REASON, when(not(min(content).over(whole).eqNullSafe(max(content).over(whole))), lit(reason)))
        .withColumn(COPY, col(REASON).isNull().and(row_number().over(byId).gt(1)));
    return checked.unionByName(typed.filter(not(ok)).withColumn(COPY, lit(false)));
  }

  /**
   * A validated source's counts in one job: one row per {@code reject_reason} (null: the usable
   * rows) with {@code rows}, {@code ids} (the {@code ids} aggregate, e.g. {@link #usableRows}:
   * usable rows minus ids are the duplicates) and the extra counts.
   */
  public static Dataset<Row> tally(Dataset<Row> typed, Column ids, Column... extra) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(ids.as("ids"));
    aggs.addAll(List.of(extra));
    return typed.groupBy(col(REASON)).agg(org.apache.spark.sql.functions.count(lit(1)).as("rows"),
        aggs.toArray(Column[]::new));
  }

  /**
   * The local date of a timestamp: its date in the session's time zone, which the jobs set to the
   * configured one. Every date of the spec (a message's, a rating's, an order's) is this one.
   *
   * <p>Equal to {@code to_date}, which looks the instant's offset up in the zone's rules for every
   * value (three dates per message, as the rounds take them, cost 3-5 s of wall time above no date
   * at 50M messages that way and 1 s this way: {@code bench/variants.sh DatesBench}). From the
   * zone's last offset change on, where the zone has no daylight saving time (Asia/Shanghai since
   * 1991, UTC always), the offset is one constant and the date is arithmetic on the microseconds;
   * earlier instants, and zones whose offset keeps changing, take {@code to_date}.
   */
  public static Column localDate(Column timestamp) {
    ZoneId zone = sessionZone();
    FixedOffset fixed = zone == null ? null : FixedOffset.of(zone);
    if (fixed == null) {
      return to_date(timestamp);
    }
    Column local = unix_micros(timestamp).plus(lit(fixed.offsetMicros()));
    // Floor division (div truncates towards zero): local - pmod(local, day) is a multiple of the day.
    Column days = call_function("div", local.minus(pmod(local, lit(DAY_MICROS))), lit(DAY_MICROS))
        .cast(DataTypes.IntegerType);
    Column arithmetic = date_from_unix_date(days);
    return fixed.fromMicros() == Long.MIN_VALUE ? arithmetic
        : when(unix_micros(timestamp).geq(lit(fixed.fromMicros())), arithmetic).otherwise(to_date(timestamp));
  }

  private static final long DAY_MICROS = 86_400_000_000L;

  /** The session's time zone, or null when Spark's name for it is not one java.time knows. */
  private static ZoneId sessionZone() {
    try {
      return ZoneId.of(SparkSession.active().conf().get("spark.sql.session.timeZone"), ZoneId.SHORT_IDS);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /** A zone's offset from {@code fromMicros} on, after its last change (none for a fixed zone). */
  record FixedOffset(long fromMicros, long offsetMicros) {
    /** Null when the zone's rules keep changing its offset (daylight saving time). */
    static FixedOffset of(ZoneId zone) {
      ZoneRules rules = zone.getRules();
      if (rules.isFixedOffset()) {
        return new FixedOffset(Long.MIN_VALUE, rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1_000_000L);
      }
      List<ZoneOffsetTransition> changes = rules.getTransitions();
      if (!rules.getTransitionRules().isEmpty() || changes.isEmpty()) {
        return null;
      }
      ZoneOffsetTransition last = changes.get(changes.size() - 1);
      return new FixedOffset(last.getInstant().getEpochSecond() * 1_000_000L,
          last.getOffsetAfter().getTotalSeconds() * 1_000_000L);
    }
  }

  /** For {@link #tally}: every usable row is its own id (a source without duplicates). */
  public static Column usableRows() {
    return org.apache.spark.sql.functions.count(when(col(REASON).isNull(), lit(1)));
  }

  /**
   * For {@link #tally} of {@link #orders}: the distinct 64-bit hashes (xxhash64) of the usable
   * rows' {@code id}. Equal to the usable rows exactly when no id repeats and no two ids share a
   * hash; fewer when an id repeats (or, rarely, two ids share a hash).
   */
  public static Column distinctIdHashes(String id) {
    return count_distinct(when(col(REASON).isNull(), xxhash64(col(id))));
  }

  /**
   * Whether some usable id may repeat, from the usable rows and their distinct id hashes (the
   * messages' {@code MessageTally.tally}, the orders' {@link #distinctIdHashes}). As many hashes as rows
   * means every id is distinct; fewer means an id repeats or two ids share a hash, which only an
   * exact pass over the ids tells apart.
   */
  public static boolean idsMayRepeat(long usable, long distinctIdHashes) {
    return distinctIdHashes != usable;
  }

  /** For {@link #tally} of {@link #orderVersions}: usable rows that are not a later copy. */
  public static Column firstCopies() {
    return org.apache.spark.sql.functions.count(when(col(REASON).isNull().and(not(col(COPY))), lit(1)));
  }

  /**
   * The usable rows of a validated source, without the columns that only rejected rows need, and
   * without the copies that {@link #orderVersions} marked.
   */
  public static Dataset<Row> usable(Dataset<Row> typed) {
    Dataset<Row> ok = typed.filter(col(REASON).isNull());
    if (java.util.Arrays.asList(typed.columns()).contains(COPY)) {
      ok = ok.filter(not(col(COPY)));
    }
    return ok.drop(REASON, COPY, "raw", InputReader.FILE_COL, InputReader.BLOCK_COL, InputReader.ROW_COL);
  }

  private static Column not(Column c) {
    return org.apache.spark.sql.functions.not(coalesce(c, lit(false)));
  }

  private static Column timestamp(String column) {
    return expr("try_cast(`" + column + "` AS TIMESTAMP)");
  }

  /** Inputs built without the reader (tests) lack the reader's extra columns: add empty ones. */
  private static Dataset<Row> withMalformed(Dataset<Row> raw) {
    List<String> present = java.util.Arrays.asList(raw.columns());
    for (String[] c : new String[][] {{InputReader.MALFORMED_COL, "string"}, {InputReader.BLOCK_COL, "bigint"},
        {InputReader.ROW_COL, "bigint"}, {InputReader.FILTERED_COL, "boolean"}, {InputReader.RAW_COL, "string"},
        {InputReader.CHARSET_COL, "string"}}) {
      if (!present.contains(c[0])) {
        raw = raw.withColumn(c[0], lit(null).cast(c[1]));
      }
    }
    return raw;
  }

  /**
   * Text that was not UTF-8: bytes that do not decode (Parquet strings, JSON lines) or the
   * replacement character U+FFFD that the CSV decoder puts in their place.
   */
  private static Column notUtf8(Source source, Dataset<Row> raw) {
    List<String> columns = new ArrayList<>(source.columns());
    columns.add(InputReader.MALFORMED_COL);
    columns.add(InputReader.RAW_COL);
    // typed columns (Parquet timestamps) hold no text
    columns.removeIf(c -> !(raw.schema().apply(c).dataType() instanceof org.apache.spark.sql.types.StringType));
    Column any = lit(false);
    for (String c : columns) {
      any = any.or(coalesce(org.apache.spark.sql.functions.not(expr("is_valid_utf8(`" + c + "`)")).or(col(c).contains("\uFFFD")), lit(false)));
    }
    return any;
  }

  private static Column requiredMissing(Source source, Dataset<Row> raw) {
    List<Column> checks = new ArrayList<>();
    // Left out by the source's filter (spec §7): neither used nor rejected, whatever else it holds.
    checks.add(when(coalesce(col(InputReader.FILTERED_COL), lit(false)), lit(FILTERED)));
    checks.add(when(notUtf8(source, raw), coalesce(
        concat(lit("bytes that do not decode as "), col(InputReader.CHARSET_COL),
            lit(" (check sources." + source.folder + ".csv.encoding)")),
        lit("bytes that are not UTF-8 (save the export as UTF-8)"))));
    checks.add(when(col(InputReader.MALFORMED_COL).isNotNull(),
        when(lower(col(InputReader.FILE_COL)).rlike("\\.csv(\\.(gz|bz2|deflate))?$"),
            lit("CSV record whose number of fields differs from the header's"))
            .otherwise(lit("malformed JSON line"))));
    for (String c : source.required) {
      checks.add(when(col(c).isNull(), lit("empty required field " + c)));
    }
    return firstOf(checks.toArray(Column[]::new));
  }

  private static Column firstOf(Column... reasons) {
    return reasons.length == 1 ? reasons[0] : coalesce(reasons);
  }

  /**
   * A column that only rejected rows need (the file, the raw row): null on valid rows, so the
   * cached typed rows stay small and the JSON is built only for the rows that _rejected/ keeps.
   */
  private static Column rejectedOnly(Column c, Column reason) {
    return when(reason.isNotNull(), c);
  }

  /** The row as read (all known columns as strings), kept for _rejected/. */
  private static Column rawJson(Source source) {
    List<Column> cols = new ArrayList<>();
    for (String c : source.columns()) {
      cols.add(col(c));
    }
    // a mapped export keeps its own columns (InputReader.RAW_COL), others the source's
    return coalesce(col(InputReader.MALFORMED_COL), col(InputReader.RAW_COL),
        to_json(struct(cols.toArray(Column[]::new)))).as("raw");
  }
}
