package com.servicekpi.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.to_date;

import com.servicekpi.config.Settings;
import com.servicekpi.formats.InputReader;
import com.servicekpi.job.SparkSessions;
import com.servicekpi.sources.Source;
import com.servicekpi.staging.Validate;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The local date of every usable message, three times per message as the rounds take it (of the
 * message and of its two neighbours), each variant timed as one Spark job on the same input in
 * one JVM (run by {@code bench/variants.sh DatesBench INPUT}):
 * <ul>
 *   <li>{@code floor}: the latest of the three timestamps instead of dates (the scan, the
 *       validation and the aggregation, no date);
 *   <li>{@code to_date}: Spark's {@code to_date}, which looks the offset up in the zone's rules for
 *       every value (the former local date);
 *   <li>{@code localDate}: {@link Validate#localDate}.
 * </ul>
 */
public final class DatesBench {
  private DatesBench() {}

  public static void main(String[] args) {
    Settings settings = Settings.load(null);
    SparkSession spark = SparkSessions.create(settings);
    Dataset<Row> usable = Validate.messages(new InputReader(spark, false).read(args[0], Source.MESSAGES, null))
        .filter(col(Validate.REASON).isNull());
    for (String variant : args[1].split(",")) {
      UnaryOperator<Column> date = switch (variant) {
        case "floor" -> UnaryOperator.identity();
        case "to_date" -> ts -> to_date(ts);
        case "localDate" -> Validate::localDate;
        default -> throw new IllegalArgumentException("unknown variant " + variant + " (floor, to_date, localDate)");
      };
      long t0 = System.nanoTime();
      List<Row> rows = usable.agg(max(date.apply(col("sent_at"))),
          max(date.apply(col("sent_at").minus(expr("INTERVAL 1 SECOND")))),
          max(date.apply(col("sent_at").plus(expr("INTERVAL 1 SECOND"))))).collectAsList();
      System.out.printf(Locale.ROOT, "%-9s %6.1f s  %s%n", variant, (System.nanoTime() - t0) / 1e9, rows);
    }
    spark.stop();
  }
}
