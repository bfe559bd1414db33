package com.servicekpi.publish;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.function.UnaryOperator;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** Writes under the output root: tables (Parquet, Hive-style partitions), rejected rows, run summaries. */
public final class TableWriter {
  private final SparkSession spark;
  private final String root;

  public TableWriter(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root;
  }

  public String pathOf(String table) {
    return new Path(root, table).toString();
  }

  /**
   * Writes a table, partitioned, to a folder under the output root (a run's staging folder): the
   * {@link Publisher} moves its partitions into the live table later.
   */
  public void write(Dataset<Row> table, String relativePath, String partitionColumn) {
    write(table, relativePath, partitionColumn, UnaryOperator.identity());
  }

  /**
   * As {@link #write(Dataset, String, String)}, with {@code afterShuffle} applied to the rows after
   * they are shuffled by the partition column (one file per partition): a per-row step that
   * widens the rows, such as replacing an id by its 64-digit hash, is cheaper there than before.
   */
  public void write(Dataset<Row> table, String relativePath, String partitionColumn,
                    UnaryOperator<Dataset<Row>> afterShuffle) {
    afterShuffle.apply(table.repartition(col(partitionColumn)))
        .write()
        .mode(SaveMode.Overwrite)
        .partitionBy(partitionColumn)
        .parquet(pathOf(relativePath));
  }

  /** Writes a small table that is not partitioned, as one file (training_effect). */
  public void writeWhole(Dataset<Row> table, String relativePath) {
    table.coalesce(1).write().mode(SaveMode.Overwrite).parquet(pathOf(relativePath));
  }

  /** Whether a table written by {@link #write} has at least one partition folder (no rows: none). */
  public boolean hasPartitions(String relativePath) {
    try {
      Path p = new Path(pathOf(relativePath));
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        return false;
      }
      for (var f : fs.listStatus(p)) {
        if (f.isDirectory() && f.getPath().getName().contains("=")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + relativePath + ": " + e.getMessage(), e);
    }
  }

  /** Replaces a whole folder under the output root with JSON Lines (used for _rejected/). */
  public void writeJson(Dataset<Row> rows, String relativePath) {
    rows.coalesce(1).write().mode(SaveMode.Overwrite).json(pathOf(relativePath));
  }

  public void delete(String relativePath) {
    try {
      Path p = new Path(pathOf(relativePath));
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(p)) {
        fs.delete(p, true);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete " + relativePath + ": " + e.getMessage(), e);
    }
  }

  /** Writes a small text file under the output root (the run summaries in _runs/). */
  public void writeText(String relativePath, String text) {
    try {
      Path p = new Path(pathOf(relativePath));
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.setWriteChecksum(false); // no .crc file beside the summary on a local file system
      try (var out = fs.create(p, true)) {
        out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + relativePath + ": " + e.getMessage(), e);
    }
  }
}
