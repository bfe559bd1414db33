package com.servicekpi.bench;

import com.servicekpi.config.Settings;
import com.servicekpi.formats.InputReader;
import com.servicekpi.job.SparkSessions;
import com.servicekpi.sources.Source;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.SparkSession;

/**
 * What reading the input's folders costs before any row is read, for the four sources of an
 * input root, in one JVM (run by {@code bench/variants.sh ListingBench INPUT}):
 * <ul>
 *   <li>{@code listFiles}: the former listing, Hadoop's recursive {@code listFiles},
 *       and every Parquet footer read with options built from the configuration per file;
 *   <li>{@code listStatus}: the listing of {@link InputReader#dataFiles} (folder by folder) and
 *       the footers read with options built once per source, as {@link InputReader} does;
 *   <li>{@code reader}: {@link InputReader#read} as the job calls it, which also plans Spark's
 *       scan of the files (Spark lists them again and reads a footer for the schema).
 * </ul>
 * {@code ListingBench INPUT VARIANT,...} prints each variant's seconds and how many files it saw.
 */
public final class ListingBench {
  private ListingBench() {}

  public static void main(String[] args) throws IOException {
    SparkSession spark = SparkSessions.create(Settings.load(null));
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    for (String variant : args[1].split(",")) {
      long t0 = System.nanoTime();
      long files = 0;
      for (Source s : Source.values()) {
        Path dir = new Path(args[0], s.folder);
        FileSystem fs = dir.getFileSystem(conf);
        files += switch (variant) {
          case "listFiles" -> footersPerFileOptions(conf, listFiles(fs, dir));
          case "listStatus" -> footersSharedOptions(conf, InputReader.dataFiles(fs, dir));
          case "reader" -> new InputReader(spark, false).read(args[0], s, null).inputFiles().length;
          default -> throw new IllegalArgumentException("unknown variant " + variant);
        };
      }
      System.out.printf(Locale.ROOT, "%-10s %6.2f s  %d files%n", variant, (System.nanoTime() - t0) / 1e9, files);
    }
  }

  /** The former listing: every file under the folder, hidden ones left out afterwards. */
  private static List<Path> listFiles(FileSystem fs, Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
    while (it.hasNext()) {
      Path p = it.next().getPath();
      String rel = dir.toUri().relativize(p.toUri()).getPath();
      boolean hidden = false;
      for (String segment : rel.split("/")) {
        hidden |= segment.startsWith("_") || segment.startsWith(".");
      }
      if (!hidden) {
        out.add(p);
      }
    }
    return out;
  }

  private static long footersPerFileOptions(Configuration conf, List<Path> files) throws IOException {
    long n = 0;
    for (Path p : files) {
      if (p.getName().endsWith(".parquet")) {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(p, conf))) {
          n += r.getFileMetaData().getSchema().getFieldCount() > 0 ? 1 : 0;
        }
      } else {
        n++;
      }
    }
    return n;
  }

  private static long footersSharedOptions(Configuration conf, List<FileStatus> files) throws IOException {
    ParquetReadOptions footerOnly = HadoopReadOptions.builder(conf)
        .withMetadataFilter(ParquetMetadataConverter.SKIP_ROW_GROUPS).build();
    long n = 0;
    for (FileStatus f : files) {
      if (f.getPath().getName().endsWith(".parquet")) {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromStatus(f, conf), footerOnly)) {
          n += r.getFileMetaData().getSchema().getFieldCount() > 0 ? 1 : 0;
        }
      } else {
        n++;
      }
    }
    return n;
  }
}
