package com.servicekpi.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.servicekpi.config.Settings;
import com.servicekpi.formats.InputReader;
import com.servicekpi.job.SparkSessions;
import com.servicekpi.sources.Source;
import com.servicekpi.staging.MessageTally;
import com.servicekpi.staging.Validate;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The messages' tally job in its variants, each timed as one Spark job on the same input in one
 * JVM (run by {@code bench/variants.sh TallyBench INPUT}): how the distinct count of message ids
 * was chosen.
 * <ul>
 *   <li>{@code scan}: rows per reject reason only, the floor of any tally (the scan and the
 *       validation);
 *   <li>{@code text}: the first tally, a distinct count of the ids' text, counted
 *       within each scan task first;
 *   <li>{@code hash}: a distinct count of the ids' 64-bit hashes, counted within each scan task
 *       first (tried, not kept);
 *   <li>{@code shuffled}: the second tally, the hashes shuffled before Spark's distinct
 *       count counts them;
 *   <li>{@code wide}: the third tally, the hashes shuffled and sorted within each
 *       partition, and counted where they change, with three boolean columns beside the hash;
 *   <li>{@code tally}: {@link MessageTally#tally}, as {@code wide} but each usable row one
 *       long (the hash shifted left by two bits and the sender's kind in those bits).
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
        case "wide" -> wide(typed).collectAsList();
        case "tally" -> MessageTally.tally(typed).collectAsList();
        default -> throw new IllegalArgumentException("unknown variant " + variant + " (scan, text, hash, shuffled, wide, tally)");
      };
      System.out.printf(Locale.ROOT, "%-5s %6.1f s  %s%n", variant, (System.nanoTime() - t0) / 1e9, rows);
    }
    spark.stop();
  }

  /** The second tally: the hashes shuffled, then counted by Spark's distinct count. */
  private static Dataset<Row> shuffled(Dataset<Row> typed) {
    return Validate.tally(hashAndBooleans(typed).repartition(col("_h")),
        count_distinct(col("_h")),
        count(when(col("_unrouted"), lit(1))).as("unrouted"),
        count(when(col("_system"), lit(1))).as("system"),
        count(when(col("_bot"), lit(1))).as("bot"));
  }

  /** The rows of {@code shuffled} and {@code wide}: reason, id hash and three booleans. */
  private static Dataset<Row> hashAndBooleans(Dataset<Row> typed) {
    Column ok = col(Validate.REASON).isNull();
    Column sender = col("sender");
    return typed.select(col(Validate.REASON), when(ok, xxhash64(col("message_id"))).as("_h"),
        ok.and(sender.equalTo("buyer")).and(col("agent_id").isNull()).as("_unrouted"),
        ok.and(sender.equalTo("system")).as("_system"), ok.and(sender.equalTo("bot")).as("_bot"));
  }

  /** The third tally: {@code hashAndBooleans} shuffled by the hash, sorted, counted. */
  private static Dataset<Row> wide(Dataset<Row> typed) {
    return hashAndBooleans(typed).repartition(col("_h")).sortWithinPartitions(col("_h"))
        .mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
          long usable = 0;
          long ids = 0;
          long[] flags = new long[3];
          long previous = 0;
          long rejected = 0;
          while (rows.hasNext()) {
            Row r = rows.next();
            if (r.isNullAt(1)) {
              rejected++;
              continue;
            }
            long hash = r.getLong(1);
            ids += usable == 0 || hash != previous ? 1 : 0;
            previous = hash;
            usable++;
            for (int i = 0; i < 3; i++) {
              flags[i] += r.getBoolean(2 + i) ? 1 : 0;
            }
          }
          return List.of(RowFactory.create(usable, ids, flags[0], flags[1], flags[2], rejected)).iterator();
        }, Encoders.row(WIDE_COUNTS))
        .agg(sum("usable"), sum("ids"), sum("unrouted"), sum("system"), sum("bot"), sum("rejected"));
  }

  private static final StructType WIDE_COUNTS = new StructType().add("usable", DataTypes.LongType)
      .add("ids", DataTypes.LongType).add("unrouted", DataTypes.LongType).add("system", DataTypes.LongType)
      .add("bot", DataTypes.LongType).add("rejected", DataTypes.LongType);

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
