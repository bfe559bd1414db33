package com.servicekpi.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.servicekpi.config.Settings;
import com.servicekpi.io.InputReader;
import com.servicekpi.io.Source;
import com.servicekpi.job.SparkSessions;
import com.servicekpi.metrics.Rounds;
import com.servicekpi.validate.Validate;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The messages' tally job in its variants, each timed as one Spark job on the same input in one
 * JVM (run by {@code bench/variants.sh TallyBench INPUT}): how the distinct count of message ids
 * was chosen.
 * <ul>
 *   <li>{@code scan}: rows per reject reason only, the floor of any tally (the scan and the
 *       validation);
 *   <li>{@code text}: the tally until session 8, a distinct count of the ids' text, counted
 *       within each scan task first;
 *   <li>{@code hash}: a distinct count of the ids' 64-bit hashes, counted within each scan task
 *       first (tried in session 6);
 *   <li>{@code shuffled}: the tally of sessions 9-12, the hashes shuffled before Spark's distinct
 *       count counts them;
 *   <li>{@code tally}: {@link Rounds#tally} (session 13), the hashes shuffled and sorted within each
 *       partition, and counted where they change.
 * </ul>
 * {@code TallyBench INPUT VARIANT,...} prints each variant's seconds and counts.
 */
public final class TallyBench {
  private TallyBench() {}

  public static void main(String[] args) {
    Settings settings = Settings.load(null);
    SparkSession spark = SparkSessions.create(settings);
    Dataset<Row> typed = Validate.messages(new InputReader(spark, false).read(args[0], Source.MESSAGES, null));
    for (String variant : args[1].split(",")) {
      long t0 = System.nanoTime();
      List<Row> rows = switch (variant) {
        case "scan" -> Validate.tally(typed, Validate.usableRows()).collectAsList();
        case "text" -> Validate.tally(typed,
            count_distinct(when(col(Validate.REASON).isNull(), col("message_id"))), senderCounts()).collectAsList();
        case "hash" -> Validate.tally(typed,
            count_distinct(when(col(Validate.REASON).isNull(), xxhash64(col("message_id")))), senderCounts())
            .collectAsList();
        case "shuffled" -> shuffled(typed).collectAsList();
        case "tally" -> Rounds.tally(typed).collectAsList();
        default -> throw new IllegalArgumentException("unknown variant " + variant + " (scan, text, hash, shuffled, tally)");
      };
      System.out.printf(Locale.ROOT, "%-5s %6.1f s  %s%n", variant, (System.nanoTime() - t0) / 1e9, rows);
    }
    spark.stop();
  }

  /** The tally of sessions 9-12: the hashes shuffled, then counted by Spark's distinct count. */
  private static Dataset<Row> shuffled(Dataset<Row> typed) {
    Column ok = col(Validate.REASON).isNull();
    Column sender = col("sender");
    return Validate.tally(typed
            .select(col(Validate.REASON), when(ok, xxhash64(col("message_id"))).as("_h"),
                ok.and(sender.equalTo("buyer")).and(col("agent_id").isNull()).as("_unrouted"),
                ok.and(sender.equalTo("system")).as("_system"), ok.and(sender.equalTo("bot")).as("_bot"))
            .repartition(col("_h")),
        count_distinct(col("_h")),
        count(when(col("_unrouted"), lit(1))).as("unrouted"),
        count(when(col("_system"), lit(1))).as("system"),
        count(when(col("_bot"), lit(1))).as("bot"));
  }

  /** The tally's counts besides the ids, as {@code text} and {@code hash} computed them. */
  private static Column[] senderCounts() {
    Column ok = col(Validate.REASON).isNull();
    Column sender = col("sender");
    return new Column[] {
        count(when(ok.and(sender.equalTo("buyer")).and(col("agent_id").isNull()), lit(1))).as("unrouted"),
        count(when(ok.and(sender.equalTo("system")), lit(1))).as("system"),
        count(when(ok.and(sender.equalTo("bot")), lit(1))).as("bot")};
  }
}
