package com.servicekpi.staging;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.shiftleft;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.servicekpi.model.Rounds;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The messages' row accounting (spec §2.1 and the run summary): rows per reject reason, distinct
 * message ids, unrouted, system and bot messages in one pass; the repeated ids and whether their
 * copies agree; and the de-duplication {@link Rounds#of} needs only when they do not.
 */
public final class MessageTally {
  private static final String TALLY_KEY = "_tally_key";
  private static final int UNROUTED = 1;
  private static final int SYSTEM = 2;
  private static final int BOT = 3;

  private MessageTally() {}

  /** Spec §2.1: a message whose message_id was already seen is dropped (exports overlap). */
  public static Dataset<Row> deduplicate(Dataset<Row> messages) {
    return messages.dropDuplicates("message_id");
  }

  /**
   * The usable messages as {@link Rounds#of} takes them: de-duplicated only when some copies of an id
   * disagree. Copies that agree change no round, and leaving them in saves a shuffle of every
   * message by message_id.
   */
  public static Dataset<Row> forRounds(Dataset<Row> usable, Duplicates duplicates) {
    return duplicates.copiesAgree() ? usable : deduplicate(usable);
  }

  /**
   * What the run summary counts of the messages: rows per {@code reject_reason}, {@code ids} and,
   * over usable rows, {@code unrouted} (buyer messages without agent_id), {@code system} and
   * {@code bot}.
   *
   * <p>{@code ids} counts the distinct hashes of the usable rows' message_ids (the low 62 bits of
   * xxhash64), not the ids themselves: equal to the usable rows exactly when no id repeats and no
   * two ids share a hash, which {@link #duplicates} turns into the exact count. The rows are
   * shuffled by that hash and sorted by it within each partition, so equal hashes are adjacent and
   * a hash is new when it differs from the one before it ({@link TallyPartition}): one pass that
   * keeps no set of hashes, over a sort that Spark spills to disk when a partition outgrows memory.
   * A distinct count by Spark's aggregation fills two hash tables of every hash (its partial and
   * its merge step): at 50M messages that tally job took 55.2 s, this one 46.3 s (means of three
   * rounds of {@code bench/variants.sh TallyBench}, the git history of docs/benchmarks.md).
   *
   * <p>A usable row crosses the shuffle as one long, {@link #tallyKey}: the hash shifted left by
   * two bits, with the row's {@link #senderKind} in the two bits freed. Against the hash and three
   * booleans in their own columns, that row is 28 bytes instead of 52: at 50M messages the shuffle
   * went from 2,599.6 MB to 1,399.8 MB and the tally from 86.9 s to 79.3 s of CPU (the git history of docs/benchmarks.md).
   *
   * @param typed the output of {@code Validate.messages}
   */
  public static Dataset<Row> tally(Dataset<Row> typed) {
    return typed
        .select(col(Validate.REASON), tallyKey().as(TALLY_KEY))
        .repartition(shiftright(col(TALLY_KEY), 2))
        .sortWithinPartitions(col(TALLY_KEY))
        .mapPartitions(new TallyPartition(), Encoders.row(TallyPartition.COUNTS))
        .groupBy(col(Validate.REASON))
        .agg(sum("rows").as("rows"), sum("ids").as("ids"), sum("unrouted").as("unrouted"),
            sum("system").as("system"), sum("bot").as("bot"));
  }

  /**
   * Of a usable message (null for a rejected one): xxhash64(message_id) shifted left by two bits,
   * or'ed with its {@link #senderKind}. Shifted right by two bits it gives the hash's low 62 bits
   * (sign-extended), equal for every copy of an id whatever their senders, so copies meet in one
   * partition and sort next to each other.
   */
  static Column tallyKey() {
    return when(col(Validate.REASON).isNull(),
        shiftleft(xxhash64(col("message_id")), 2).bitwiseOR(senderKind().cast(DataTypes.LongType)));
  }

  /** 1 for an unrouted buyer message (no agent_id), 2 for a system message, 3 for a bot's, else 0. */
  static Column senderKind() {
    Column sender = col("sender");
    return when(sender.equalTo("buyer").and(col("agent_id").isNull()), UNROUTED)
        .when(sender.equalTo("system"), SYSTEM)
        .when(sender.equalTo("bot"), BOT)
        .otherwise(0);
  }

  /**
   * The tally's counts of one partition of (reject_reason, {@link #tallyKey}) rows sorted by the
   * key: one row per reject_reason present ({@link #COUNTS}), the usable rows' (reason null) with
   * the number of distinct hashes.
   */
  static final class TallyPartition implements MapPartitionsFunction<Row, Row> {
    static final StructType COUNTS = new StructType()
        .add(Validate.REASON, DataTypes.StringType).add("rows", DataTypes.LongType).add("ids", DataTypes.LongType)
        .add("unrouted", DataTypes.LongType).add("system", DataTypes.LongType).add("bot", DataTypes.LongType);

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      Map<String, Long> rejected = new TreeMap<>();
      long usable = 0;
      long ids = 0;
      long[] kinds = new long[4];
      long previous = 0;
      while (rows.hasNext()) {
        Row r = rows.next();
        if (r.isNullAt(1)) {
          rejected.merge(r.getString(0), 1L, Long::sum);
          continue;
        }
        long key = r.getLong(1);
        long hash = key >> 2;
        if (usable == 0 || hash != previous) {
          ids++;
        }
        previous = hash;
        usable++;
        kinds[(int) (key & 3)]++;
      }
      List<Row> out = new ArrayList<>();
      if (usable > 0) {
        out.add(RowFactory.create(null, usable, ids, kinds[UNROUTED], kinds[SYSTEM], kinds[BOT]));
      }
      rejected.forEach((reason, n) -> out.add(RowFactory.create(reason, n, 0L, 0L, 0L, 0L)));
      return out.iterator();
    }
  }

  /**
   * Spec §2.1: how many usable messages repeat an earlier message_id (usable rows minus distinct
   * ids), and whether the copies agree ({@link Ids}). When the tally's distinct hashes equal the
   * usable rows, every id is distinct and there are none; otherwise (duplicates, or two ids with
   * one hash) the ids are counted exactly.
   *
   * @param ids counts the usable rows' ids exactly (a Spark job: {@link #ids(Dataset)})
   */
  public static Duplicates duplicates(long usable, long distinctHashes, Supplier<Ids> ids) {
    if (!Validate.idsMayRepeat(usable, distinctHashes)) {
      return new Duplicates(0, true);
    }
    Ids exact = ids.get();
    return new Duplicates(usable - exact.ids(), exact.ids() == exact.versions());
  }

  /**
   * The usable messages' duplicates: {@code count} rows repeat an earlier id; {@code copiesAgree}
   * when every copy of an id agrees with the others on buyer, agent, sender and sent_at (always
   * when there are none). Such copies change no round ({@link Rounds#of}), so they need no
   * de-duplication pass, a shuffle of every message by message_id.
   */
  public record Duplicates(long count, boolean copiesAgree) {}

  /**
   * Exact counts of the usable messages' ids: {@code ids} distinct message_ids, {@code versions}
   * distinct (message_id, buyer_id, agent_id, sender, sent_at). Equal exactly when every copy of an
   * id agrees with the others on what the rounds read.
   */
  public record Ids(long ids, long versions) {}

  /** {@link Ids} from one shuffle of the usable rows by message_id. */
  public static Ids ids(Dataset<Row> typed) {
    Row r = typed.filter(col(Validate.REASON).isNull())
        .select(col("message_id"), col("buyer_id"), col("agent_id"), col("sender"), col("sent_at"))
        .repartition(col("message_id"))
        .distinct()
        .groupBy("message_id").agg(count(lit(1)).as("_versions"))
        .agg(count(lit(1)), coalesce(sum("_versions"), lit(0L)))
        .first();
    return new Ids(r.getLong(0), r.getLong(1));
  }

}
