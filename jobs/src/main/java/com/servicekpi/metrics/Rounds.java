package com.servicekpi.metrics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Spec §2.3-2.4: conversations and rounds (咨询轮次).
 *
 * <p>One sort of the messages by conversation (buyer, agent) and (sent_at, message_id) gives every
 * round. The spec's walk is equivalent to these rules on consecutive messages of a conversation
 * (bot messages removed):
 * <ul>
 *   <li>a buyer message starts a round when the previous message is not a buyer message (none, or
 *       the agent's, which closed any open round) or is a buyer message of another local date;
 *   <li>a round's last buyer message is the one whose next message is not a buyer message of the
 *       same date; the round is answered when that next message is the agent's and comes within
 *       the answer window of the round's start, and unanswered otherwise.
 * </ul>
 * So each round is emitted at its last buyer message, with no join and no second sort.
 */
public final class Rounds {
  private Rounds() {}

  /** Spec §2.1: a message whose message_id was already seen is dropped (exports overlap). */
  public static Dataset<Row> deduplicate(Dataset<Row> messages) {
    return messages.dropDuplicates("message_id");
  }

  /**
   * The message_ids that occur more than once, with their number of copies (message_id, copies).
   * Only the ids travel, so this is much cheaper than de-duplicating every row.
   */
  public static Dataset<Row> repeatedIds(Dataset<Row> messages) {
    return messages.groupBy("message_id").agg(count(lit(1)).as("copies")).filter(col("copies").gt(1));
  }

  /**
   * @param messages typed, de-duplicated messages (message_id, buyer_id, agent_id, sender,
   *     sent_at, date)
   * @return one row per round: buyer_id, agent_id, date (of its first buyer message), start_at,
   *     start_id (message_id of that message), answered (boolean), response_s (double, null when
   *     unanswered)
   */
  public static Dataset<Row> of(Dataset<Row> messages, long answerWindowMicros) {
    WindowSpec conv = Window.partitionBy("buyer_id", "agent_id").orderBy("sent_at", "message_id");
    Column isBuyer = col("sender").equalTo("buyer");
    Dataset<Row> walked = messages
        .filter(col("sender").isin("buyer", "agent").and(col("agent_id").isNotNull()))
        .select("buyer_id", "agent_id", "sender", "sent_at", "message_id", "date")
        .withColumn("_prev_sender", lag("sender", 1).over(conv))
        .withColumn("_prev_date", lag("date", 1).over(conv))
        .withColumn("_next_sender", lead("sender", 1).over(conv))
        .withColumn("_next_date", lead("date", 1).over(conv))
        .withColumn("_next_at", lead("sent_at", 1).over(conv))
        .withColumn("_starts", isBuyer.and(col("_prev_sender").isNull()
            .or(col("_prev_sender").notEqual("buyer"))
            .or(col("_prev_date").notEqual(col("date")))))
        .withColumn("start_at", last(when(col("_starts"), col("sent_at")), true).over(conv))
        .withColumn("start_id", last(when(col("_starts"), col("message_id")), true).over(conv));

    Column endsRound = isBuyer.and(col("_next_sender").isNull()
        .or(col("_next_sender").notEqual("buyer"))
        .or(col("_next_date").notEqual(col("date"))));
    Column waitMicros = unix_micros(col("_next_at")).minus(unix_micros(col("start_at")));
    // At the end of a conversation there is no next message: unanswered (false, not null).
    Column answered = coalesce(col("_next_sender").equalTo("agent").and(waitMicros.leq(lit(answerWindowMicros))), lit(false));
    return walked.filter(endsRound).select(
        col("buyer_id"), col("agent_id"), col("date"), col("start_at"), col("start_id"),
        answered.as("answered"),
        when(answered, waitMicros.divide(1_000_000.0)).as("response_s"));
  }
}
