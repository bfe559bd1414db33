package com.servicekpi.io;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import static org.apache.spark.sql.functions.col;

/** Writes the output tables: Parquet, Hive-style partitions, dynamic partition overwrite. */
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
   * Replaces the partitions present in {@code table} with its rows and deletes the partitions in
   * {@code scope} that received no rows (a date of the range that no longer has data), leaving
   * every other partition as it was.
   */
  public void write(Dataset<Row> table, String name, String partitionColumn, Collection<String> scope,
                    List<String> written) {
    table.repartition(col(partitionColumn))
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy(partitionColumn)
        .parquet(pathOf(name));
    if (scope != null) {
      try {
        Path dir = new Path(pathOf(name));
        FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
        for (String value : scope) {
          Path partition = new Path(dir, partitionColumn + "=" + value);
          if (!written.contains(value) && fs.exists(partition)) {
            fs.delete(partition, true);
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot remove stale partitions of " + name + ": " + e.getMessage(), e);
      }
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
