package com.servicekpi.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;

import com.servicekpi.generate.SampleData.Message;
import com.servicekpi.generate.SampleData.Order;
import com.servicekpi.generate.SampleData.Rating;
import com.servicekpi.generate.SampleData.RosterRow;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a large generated input as Parquet, in parallel: Spark tasks generate chunks of
 * (day, {@value #AGENTS_PER_CHUNK} agents) with {@link Generator#chunk}, so no machine holds more
 * than a chunk in memory and 100 million messages take minutes, not hours. With
 * {@code partitioned}, messages, ratings and orders are written in Hive-style date partitions
 * ({@code messages/date=YYYY-MM-DD/}, the local date in the shape's time zone).
 */
public final class ParallelWriter {
  static final int AGENTS_PER_CHUNK = 50;

  private ParallelWriter() {}

  /** What was written: rows per source. */
  public record Counts(long roster, long messages, long ratings, long orders) {}

  private enum Kind { MESSAGES, RATINGS, ORDERS }

  public static Counts write(SparkSession spark, Generator.Shape shape, String root, boolean partitioned) {
    spark.conf().set("spark.sql.session.timeZone", shape.zone().getId());
    Generator.People people = new Generator(shape).people();
    int agents = people.agents().size();
    int perDay = (agents + AGENTS_PER_CHUNK - 1) / AGENTS_PER_CHUNK;
    long chunks = (long) shape.days() * perDay;
    int slices = (int) Math.max(1, Math.min(chunks, spark.sparkContext().defaultParallelism() * 4L));

    List<Row> roster = new ArrayList<>();
    for (RosterRow r : people.roster()) {
      roster.add(RowFactory.create(r.agentId(), r.agentName(), r.teamId(), r.teamName(), r.role(),
          Date.valueOf(r.validFrom()), r.validTo() == null ? null : Date.valueOf(r.validTo())));
    }
    spark.createDataFrame(roster, new StructType()
            .add("agent_id", DataTypes.StringType).add("agent_name", DataTypes.StringType)
            .add("team_id", DataTypes.StringType).add("team_name", DataTypes.StringType)
            .add("role", DataTypes.StringType).add("valid_from", DataTypes.DateType)
            .add("valid_to", DataTypes.DateType))
        .coalesce(1).write().mode(SaveMode.Overwrite).parquet(root + "/roster");

    long[] counts = new long[3];
    for (Kind kind : Kind.values()) {
      StructType schema = schema(kind);
      FlatMapFunction<Long, Row> gen = i -> rows(kind, shape, people, i, perDay, agents);
      Dataset<Row> rows = spark.range(0, chunks, 1, slices).as(Encoders.LONG()).flatMap(gen, Encoders.row(schema));
      String ts = schema.fieldNames()[timestampField(kind)];
      DataFrameWriter<Row> w;
      if (partitioned) {
        w = rows.withColumn("date", to_date(col(ts))).write().partitionBy("date");
      } else {
        w = rows.write();
      }
      w.mode(SaveMode.Overwrite).parquet(root + "/" + kind.name().toLowerCase());
      counts[kind.ordinal()] = spark.read().parquet(root + "/" + kind.name().toLowerCase()).count();
    }
    return new Counts(roster.size(), counts[0], counts[1], counts[2]);
  }

  /** The rows that {@link #write} writes for a shape, in memory (for tests on small shapes). */
  public static SampleData inMemory(Generator.Shape shape) {
    Generator.People people = new Generator(shape).people();
    int agents = people.agents().size();
    int perDay = (agents + AGENTS_PER_CHUNK - 1) / AGENTS_PER_CHUNK;
    List<Message> messages = new ArrayList<>();
    List<Rating> ratings = new ArrayList<>();
    List<Order> orders = new ArrayList<>();
    for (long i = 0; i < (long) shape.days() * perDay; i++) {
      SampleData s = chunk(shape, people, i, perDay, agents);
      messages.addAll(s.messages());
      ratings.addAll(s.ratings());
      orders.addAll(s.orders());
    }
    return new SampleData(people.roster(), messages, ratings, orders);
  }

  private static SampleData chunk(Generator.Shape shape, Generator.People people, long i, int perDay, int agents) {
    int d = (int) (i / perDay);
    int from = (int) (i % perDay) * AGENTS_PER_CHUNK;
    return Generator.chunk(shape, people, d, from, Math.min(agents, from + AGENTS_PER_CHUNK), i);
  }

  private static Iterator<Row> rows(Kind kind, Generator.Shape shape, Generator.People people, long i, int perDay,
                                    int agents) {
    SampleData s = chunk(shape, people, i, perDay, agents);
    List<Row> out = new ArrayList<>();
    switch (kind) {
      case MESSAGES -> {
        for (Message m : s.messages()) {
          out.add(RowFactory.create(m.messageId(), m.buyerId(), m.agentId(), m.sender(), ts(m.sentAt()),
              m.sessionId(), m.channel()));
        }
      }
      case RATINGS -> {
        for (Rating r : s.ratings()) {
          out.add(RowFactory.create(r.agentId(), r.buyerId(), ts(r.ratedAt()), r.score()));
        }
      }
      case ORDERS -> {
        for (Order o : s.orders()) {
          out.add(RowFactory.create(o.orderId(), o.buyerId(), ts(o.createdAt()),
              o.paidAt() == null ? null : ts(o.paidAt()), o.amount()));
        }
      }
    }
    return out.iterator();
  }

  private static Timestamp ts(Instant i) {
    return Timestamp.from(i);
  }

  private static int timestampField(Kind kind) {
    return switch (kind) {
      case MESSAGES -> 4;
      case RATINGS -> 2;
      case ORDERS -> 2;
    };
  }

  private static StructType schema(Kind kind) {
    return switch (kind) {
      case MESSAGES -> new StructType().add("message_id", DataTypes.StringType).add("buyer_id", DataTypes.StringType)
          .add("agent_id", DataTypes.StringType).add("sender", DataTypes.StringType)
          .add("sent_at", DataTypes.TimestampType).add("session_id", DataTypes.StringType)
          .add("channel", DataTypes.StringType);
      case RATINGS -> new StructType().add("agent_id", DataTypes.StringType).add("buyer_id", DataTypes.StringType)
          .add("rated_at", DataTypes.TimestampType).add("score", DataTypes.IntegerType);
      case ORDERS -> new StructType().add("order_id", DataTypes.StringType).add("buyer_id", DataTypes.StringType)
          .add("created_at", DataTypes.TimestampType).add("paid_at", DataTypes.TimestampType)
          .add("amount", DataTypes.createDecimalType(18, 2));
    };
  }
}
