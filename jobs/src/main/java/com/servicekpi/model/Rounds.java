package com.servicekpi.model;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import com.servicekpi.staging.Validate;
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
 * So each round is emitted at its last buyer message, with no join and no second sort: once only
 * the first and last buyer messages of rounds are kept, a round's start is its last message itself
 * or the row just before it, and the previous round's last message is the row before that start.
 * A round whose previous round is of another date (or that has none) is the first of its
 * reception, which gives {@link Receptions#of} the first response without ordering the rounds.
 */
public final class Rounds {
  private Rounds() {}

  /**
   * @param messages typed messages (message_id, buyer_id, agent_id, sender, sent_at), de-duplicated
   *     or with copies that agree ({@link com.servicekpi.staging.MessageTally.Duplicates#copiesAgree}): a copy has its original's
   *     sent_at and message_id, so it sorts right next to it, and the rules above give the same
   *     rounds with it as without (a buyer message's copy neither starts nor ends a round, since its
   *     neighbour is the same buyer message of the same date; an agent message's copy follows the
   *     message that answers). A round's date is the local date of sent_at, as Validate.messages
   *     takes it
   * @return one row per round: buyer_id, agent_id, date (of its first buyer message), start_at,
   *     start_id (message_id of that message), answered (boolean), response_s (double, null when
   *     unanswered), first_of_date (the first round of its buyer, agent and date)
   */
  public static Dataset<Row> of(Dataset<Row> messages, long answerWindowMicros) {
    // Ordered by (sent_at, message_id) as the spec says; the local date is a non-decreasing
    // function of sent_at, so a conversation's rounds of one date are consecutive.
    WindowSpec conv = Window.partitionBy("buyer_id", "agent_id").orderBy("sent_at", "message_id");
    // Only what the sort needs crosses its shuffle: the sender as a flag (buyer or agent), and no
    // date, which is a function of sent_at (Validate.localDate, as Validate.messages takes it) and
    // is taken again after the window, from sent_at and its neighbours' sent_at.
    Column isBuyer = col("_buyer");
    Column date = col("date");
    Dataset<Row> walked = messages
        .filter(col("sender").isin("buyer", "agent").and(col("agent_id").isNotNull()))
        .select(col("buyer_id"), col("agent_id"), col("sender").equalTo("buyer").as("_buyer"), col("sent_at"),
            col("message_id"))
        .withColumn("_prev_buyer", lag("_buyer", 1).over(conv))
        .withColumn("_prev_at", lag("sent_at", 1).over(conv))
        .withColumn("_next_buyer", lead("_buyer", 1).over(conv))
        .withColumn("_next_at", lead("sent_at", 1).over(conv))
        .withColumn("date", Validate.localDate(col("sent_at")))
        .withColumn("_starts", isBuyer.and(not(coalesce(col("_prev_buyer"), lit(false)))
            .or(Validate.localDate(col("_prev_at")).notEqual(date))))
        .withColumn("_ends", isBuyer.and(not(coalesce(col("_next_buyer"), lit(false)))
            .or(Validate.localDate(col("_next_at")).notEqual(date))))
        // Only the first and last buyer message of each round are left, in conversation order:
        // a round's last message that does not start it follows its first one directly.
        .filter(col("_starts").or(col("_ends")))
        .withColumn("start_at", when(col("_starts"), col("sent_at")).otherwise(lag("sent_at", 1).over(conv)))
        .withColumn("start_id", when(col("_starts"), col("message_id")).otherwise(lag("message_id", 1).over(conv)))
        .withColumn("_prev_round_date", when(col("_starts"), lag("date", 1).over(conv)).otherwise(lag("date", 2).over(conv)));

    Column waitMicros = unix_micros(col("_next_at")).minus(unix_micros(col("start_at")));
    // At the end of a conversation there is no next message: unanswered (false, not null).
    Column answered = coalesce(not(col("_next_buyer")).and(waitMicros.leq(lit(answerWindowMicros))), lit(false));
    return walked.filter(col("_ends")).select(
        col("buyer_id"), col("agent_id"), col("date"), col("start_at"), col("start_id"),
        answered.as("answered"),
        when(answered, waitMicros.divide(1_000_000.0)).as("response_s"),
        coalesce(col("_prev_round_date").notEqual(col("date")), lit(true)).as("first_of_date"));
  }
}
