package com.servicekpi.staging;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import com.servicekpi.sources.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every source's raw rows to its staged rows, by the source's own rules (spec §1, §2.1, §6.1,
 * §8, §9): typed rows with their reasons, the usable rows the model reads, the tally (one Spark
 * job) and the duplicates. The sources differ only in how their duplicates are found; the job
 * treats them all alike ({@link Staged}).
 */
public final class Staging {
  private static final Logger LOG = LoggerFactory.getLogger(Staging.class);

  /** Messages' extra counts: usable messages of no agent, of the system and of a bot. */
  public static final String UNROUTED = "unrouted";
  public static final String SYSTEM = "system";
  public static final String BOT = "bot";
  /** Calls' extra count: usable answered calls without an agent (spec §6.1). */
  public static final String NO_AGENT = "no_agent";

  private Staging() {}

  /**
   * A source after staging.
   *
   * @param typed every row with its {@value Validate#REASON} (null for a usable row), for the
   *     rejected rows' record numbers
   * @param usable the rows the model reads
   * @param duplicates usable rows that repeat another (left out of the used count)
   * @param extra counts the run summary reports beyond the accounting, by name
   */
  public record Staged(Dataset<Row> typed, Dataset<Row> usable, Tally tally, long duplicates,
                       Map<String, Long> extra) {}

  /** The source's rows staged by its rules. */
  public static Staged of(Source source, Dataset<Row> raw) {
    return switch (source) {
      case ROSTER -> rows(raw, Validate::roster);
      case MESSAGES -> messages(raw);
      case RATINGS -> rows(raw, Validate::ratings);
      case ORDERS -> orders(raw);
      case CALLS -> calls(raw);
      case GROUPS -> rows(raw, Validate::groups);
      case TRAININGS -> rows(raw, Validate::trainings);
    };
  }

  /**
   * An absent source as the model reads it: no rows, typed as a present source's usable rows,
   * with no Spark job (the run summary marks it absent rather than counting it).
   */
  public static Dataset<Row> absent(Source source, Dataset<Row> raw) {
    return Validate.usable(Validate.of(source, raw));
  }


  /** A source whose rows the row rules alone decide (roster, ratings, groups, trainings). */
  static Staged rows(Dataset<Row> raw, UnaryOperator<Dataset<Row>> validate) {
    Dataset<Row> typed = validate.apply(raw).persist(StorageLevel.MEMORY_AND_DISK());
    Tally tally = Tally.of(Validate.tally(typed, Validate.usableRows()).collectAsList());
    return new Staged(typed, Validate.usable(typed), tally, 0, Map.of());
  }

  /**
   * Messages: the tally with the senders' counts in one scan, then the duplicates (spec §2.1).
   * The usual export has none. Overlapping exports repeat rows identically: such copies change
   * no round, so they are left in. Only copies that disagree (one id in two conversations, or at
   * two instants) need the de-duplication pass ({@link MessageTally#forRounds}).
   *
   * <p>Not cached: the tally is one scan (and one shuffle of the ids' hashes), the rounds a second
   * one. Re-reading Parquet is cheaper than caching every message, and at tens of millions of
   * messages a cache no longer fits in memory.
   */
  static Staged messages(Dataset<Row> raw) {
    Dataset<Row> typed = Validate.messages(raw);
    List<Row> rows = MessageTally.tally(typed).collectAsList();
    Tally tally = Tally.of(rows);
    Map<String, Long> extra = new LinkedHashMap<>(Map.of(UNROUTED, 0L, SYSTEM, 0L, BOT, 0L));
    for (Row r : rows) {
      if (r.isNullAt(r.fieldIndex(Validate.REASON))) {
        for (String k : List.of(UNROUTED, SYSTEM, BOT)) {
          extra.put(k, r.getLong(r.fieldIndex(k)));
        }
      }
    }
    MessageTally.Duplicates duplicates = MessageTally.duplicates(tally.usable(), tally.usableIds(),
        () -> MessageTally.ids(typed));
    if (duplicates.count() > 0) {
      LOG.info("source 'messages': {} rows repeat an earlier message_id; {}", duplicates.count(),
          duplicates.copiesAgree() ? "every copy is the same message (it changes no round)"
              : "some copies differ in buyer, agent, sender or sent_at (one copy per id is kept)");
    }
    return new Staged(typed, MessageTally.forRounds(Validate.usable(typed), duplicates), tally, duplicates.count(),
        extra);
  }

  /**
   * Orders: the usual export repeats no order_id, and then the row rules decide alone (the tally's
   * distinct id hashes show it). Otherwise (overlapping exports, or two ids with one hash) the
   * orders are typed again with one shuffle by order_id, which rejects the conflicting versions and
   * marks the identical copies, which the tally counts and the usable rows leave out.
   */
  static Staged orders(Dataset<Row> raw) {
    Dataset<Row> typed = Validate.orders(raw).persist(StorageLevel.MEMORY_AND_DISK());
    Tally tally = Tally.of(Validate.tally(typed, Validate.distinctIdHashes("order_id")).collectAsList());
    if (Validate.idsMayRepeat(tally.usable(), tally.usableIds())) {
      LOG.info("source 'orders': fewer distinct order_id hashes than usable rows (a repeated order_id, or two"
          + " with one hash); checking the copies and versions");
      typed.unpersist();
      typed = Validate.orderVersions(raw).persist(StorageLevel.MEMORY_AND_DISK());
      tally = Tally.of(Validate.tally(typed, Validate.firstCopies()).collectAsList());
    }
    return new Staged(typed, Validate.usable(typed), tally, tally.usable() - tally.usableIds(), Map.of());
  }

  /**
   * Calls: every call goes through the versions window (identical copies are duplicates,
   * conflicting versions are rejected, spec §6.1); the tally also counts the answered calls
   * without an agent.
   */
  static Staged calls(Dataset<Row> raw) {
    Dataset<Row> typed = Validate.calls(raw).persist(StorageLevel.MEMORY_AND_DISK());
    List<Row> rows = Validate.tally(typed, Validate.firstCopies(),
        count(when(col(Validate.REASON).isNull().and(not(col(Validate.COPY)))
            .and(col("answered_at").isNotNull()).and(col("agent_id").isNull()), lit(1))).as(NO_AGENT))
        .collectAsList();
    Tally tally = Tally.of(rows);
    long noAgent = 0;
    for (Row r : rows) {
      if (r.isNullAt(r.fieldIndex(Validate.REASON))) {
        noAgent = r.getLong(r.fieldIndex(NO_AGENT));
      }
    }
    return new Staged(typed, Validate.usable(typed), tally, tally.usable() - tally.usableIds(),
        Map.of(NO_AGENT, noAgent));
  }
}
