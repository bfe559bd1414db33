package com.servicekpi.staging;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import com.servicekpi.formats.InputReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The record number of a rejected row: its 1-based position among the data records of its file
 * (CSV: the header is not a record, so record N is line N + 1 when no field holds a line break;
 * JSON lines: blank lines are not records; Parquet: the row's index + 1).
 *
 * <p>The reader tags each row with the start of the Spark split that read it and an id that is
 * consecutive within a split ({@link InputReader#BLOCK_COL}, {@link InputReader#ROW_COL}). A
 * row's number is then the rows of the file's earlier splits, plus its offset in its own split:
 * one small aggregate per (file, split), computed only when a source has rejected rows.
 */
public final class RecordNumbers {
  public static final String RECORD = "record";

  private RecordNumbers() {}

  /**
   * One row per (file, split) of a raw source: its rows and its smallest row id. A real column is
   * counted so that the file is parsed as for the run (a bare count may skip parsing).
   */
  public static Dataset<Row> splits(Dataset<Row> raw) {
    return raw.groupBy(InputReader.FILE_COL, InputReader.BLOCK_COL).agg(
        count(lit(1)).as("_rows"), min(InputReader.ROW_COL).as("_first"), count(col(raw.columns()[0])).as("_parsed"));
  }

  /**
   * The rejected rows of a validated source as _rejected/ keeps them: file, record, reason, raw
   * (filtered rows are not rejected). Costs one more read of the source, for the splits.
   *
   * @param raw the source as read
   * @param typed its validated rows
   */
  public static Dataset<Row> rejected(Dataset<Row> raw, Dataset<Row> typed) {
    Dataset<Row> rows = typed.filter(col(Validate.REASON).isNotNull()
            .and(col(Validate.REASON).notEqual(lit(Validate.FILTERED))))
        .select(col(InputReader.FILE_COL), col(InputReader.BLOCK_COL), col(InputReader.ROW_COL),
            col(Validate.REASON), col("raw"));
    return number(rows, splits(raw)).select(col(InputReader.FILE_COL).as("file"), col(RECORD),
        col(Validate.REASON).as("reason"), col("raw"));
  }

  /** Rows with the reader's file, split and row id get {@code record} in place of the last two. */
  public static Dataset<Row> number(Dataset<Row> rows, Dataset<Row> splits) {
    Dataset<Row> base = splits.withColumn("_before", coalesce(sum("_rows").over(
            Window.partitionBy(InputReader.FILE_COL).orderBy(InputReader.BLOCK_COL)
                .rowsBetween(Window.unboundedPreceding(), -1)), lit(0L)))
        .select(col(InputReader.FILE_COL).as("_f"), col(InputReader.BLOCK_COL).as("_b"), col("_before"), col("_first"));
    return rows.join(broadcast(base), col(InputReader.FILE_COL).equalTo(col("_f"))
            .and(col(InputReader.BLOCK_COL).equalTo(col("_b"))), "left")
        .withColumn(RECORD, col("_before").plus(col(InputReader.ROW_COL)).minus(col("_first")).plus(1))
        .drop("_f", "_b", "_before", "_first", InputReader.BLOCK_COL, InputReader.ROW_COL);
  }
}
