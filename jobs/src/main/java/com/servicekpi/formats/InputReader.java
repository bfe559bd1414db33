package com.servicekpi.formats;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.servicekpi.model.DateRange;
import com.servicekpi.sources.InputException;
import com.servicekpi.sources.Source;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one source folder of the input root into a raw dataset: every known column of the source
 * as a string (null when empty or absent), plus {@code _file}, the file the row came from.
 * Files are told apart by extension (.csv, .jsonl/.json/.ndjson, .parquet, optionally compressed
 * as .gz/.bz2); the header of every file is checked for the required columns before any job runs.
 */
public final class InputReader {
  public static final String FILE_COL = "_file";
  /**
   * The raw text of a JSON line that does not parse or of a CSV record whose number of fields is
   * not the header's (null on every other row).
   */
  public static final String MALFORMED_COL = "_malformed";
  /** Where the Spark split that read the row starts in its file (with {@link #ROW_COL}: record numbers). */
  public static final String BLOCK_COL = "_block";
  /** Increasing, and consecutive within one split: {@code monotonically_increasing_id()} at the scan. */
  public static final String ROW_COL = "_row";
  /** True on a row that the source mapping's {@code filter} leaves out (absent: no filter). */
  public static final String FILTERED_COL = "_filtered";
  /** A mapped export's own row as JSON, kept for _rejected/ (absent: the source's columns are). */
  public static final String RAW_COL = "_raw";
  /** The charset a mapped CSV export was decoded with (absent: UTF-8). */
  public static final String CHARSET_COL = "_charset";

  /** The file formats a source folder may hold. */
  public enum Format { CSV, JSON, PARQUET }

  private final SparkSession spark;
  private final boolean csvMultiline;

  public InputReader(SparkSession spark, boolean csvMultiline) {
    this.spark = spark;
    this.csvMultiline = csvMultiline;
  }

  public Dataset<Row> read(String root, Source source) {
    return read(root, source, null);
  }

  /**
   * Reads a source; with {@code dates}, files under a Hive-style {@code date=YYYY-MM-DD} folder
   * outside those dates (with a day of slack on either side: the folder's date may be another time
   * zone's) are not read at all (partition pruning). Files outside such folders are always read.
   */
  public Dataset<Row> read(String root, Source source, DateRange dates) {
    Path dir = new Path(root, source.folder);
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Map<List<String>, List<String>> csvGroups = new LinkedHashMap<>();
    Map<List<String>, List<String>> parquetGroups = new LinkedHashMap<>();
    List<String> jsonFiles = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(conf);
      dir = fs.makeQualified(dir);
      if (!fs.exists(dir)) {
        throw new InputException("source '" + source.folder + "': folder " + dir
            + " does not exist. The input root must hold one folder per source: roster, messages, ratings, orders.");
      }
      if (!fs.getFileStatus(dir).isDirectory()) {
        throw new InputException("source '" + source.folder + "': " + dir + " is not a folder.");
      }
      CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
      ParquetReadOptions footerOnly = HadoopReadOptions.builder(conf)
          .withMetadataFilter(ParquetMetadataConverter.SKIP_ROW_GROUPS).build();
      int files = 0;
      int pruned = 0;
      for (FileStatus f : dataFiles(fs, dir)) {
        Path p = f.getPath();
        if (outside(dir, p, dates)) {
          pruned++;
          continue;
        }
        Format format = formatOf(p.getName());
        if (format == null) {
          throw new InputException("source '" + source.folder + "': file " + p
              + " has an unsupported extension; expected .csv, .jsonl (.json, .ndjson) or .parquet, optionally compressed (.gz, .bz2).");
        }
        files++;
        String path = p.toString();
        switch (format) {
          case CSV -> {
            List<String> header = csvHeader(fs, codecs, p);
            checkColumns(source, path, header);
            csvGroups.computeIfAbsent(header, k -> new ArrayList<>()).add(path);
          }
          case JSON -> {
            checkColumns(source, path, jsonKeys(fs, codecs, p));
            jsonFiles.add(path);
          }
          case PARQUET -> {
            List<String> columns = parquetColumns(conf, f, footerOnly);
            checkColumns(source, path, columns);
            parquetGroups.computeIfAbsent(columns, k -> new ArrayList<>()).add(path);
          }
        }
      }
      if (files == 0 && pruned > 0) {
        // every file is in a date folder that the run does not need
        return empty(spark, source);
      }
      if (files == 0) {
        throw new InputException("source '" + source.folder + "': folder " + dir + " holds no data files.");
      }
    } catch (IOException e) {
      throw new InputException("source '" + source.folder + "': cannot read folder " + dir + ": " + e.getMessage(), e);
    }

    List<Dataset<Row>> parts = new ArrayList<>();
    for (Map.Entry<List<String>, List<String>> group : csvGroups.entrySet()) {
      // The header's columns as strings, plus the corrupt-record column: a record with more or
      // fewer fields than the header lands there (PERMISSIVE mode) instead of being padded.
      StructType schema = new StructType();
      List<String> names = new ArrayList<>();
      for (String h : group.getKey()) {
        String name = h.isEmpty() || names.contains(h) || h.equals(MALFORMED_COL) ? "_column" + names.size() : h;
        names.add(name);
        schema = schema.add(name, DataTypes.StringType, true);
      }
      schema = schema.add(MALFORMED_COL, DataTypes.StringType, true);
      List<String> files = group.getValue();
      parts.add(normalize(source, spark.read()
          .schema(schema)
          .option("header", "true")
          .option("enforceSchema", "true")
          .option("columnNameOfCorruptRecord", MALFORMED_COL)
          .option("inferSchema", "false")
          .option("multiLine", String.valueOf(csvMultiline))
          .option("escape", "\"")
          .option("encoding", "UTF-8")
          .option("mode", "PERMISSIVE")
          .csv(files.toArray(String[]::new))));
    }
    if (!jsonFiles.isEmpty()) {
      StructType schema = new StructType();
      for (String c : source.columns()) {
        schema = schema.add(c, DataTypes.StringType, true);
      }
      schema = schema.add(MALFORMED_COL, DataTypes.StringType, true);
      parts.add(normalize(source, spark.read().schema(schema).option("mode", "PERMISSIVE")
          .option("columnNameOfCorruptRecord", MALFORMED_COL).json(jsonFiles.toArray(String[]::new))));
    }
    for (List<String> files : parquetGroups.values()) {
      parts.add(normalize(source, spark.read().parquet(files.toArray(String[]::new))));
    }
    Dataset<Row> all = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      all = all.unionByName(parts.get(i));
    }
    return all;
  }

  /** A source with no rows: the columns a read gives, all null. */
  public static Dataset<Row> empty(SparkSession spark, Source source) {
    StructType schema = new StructType();
    for (String c : source.columns()) {
      schema = schema.add(c, DataTypes.StringType, true);
    }
    schema = schema.add(FILE_COL, DataTypes.StringType, true).add(MALFORMED_COL, DataTypes.StringType, true)
        .add(BLOCK_COL, DataTypes.LongType, true).add(ROW_COL, DataTypes.LongType, true);
    return spark.createDataFrame(List.of(), schema);
  }

  /** Whether the input root has the source's folder (spec §6.1: every source may be absent). */
  public boolean exists(String root, Source source) {
    Path dir = new Path(root, source.folder);
    try {
      return dir.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(dir);
    } catch (IOException e) {
      throw new InputException("source '" + source.folder + "': cannot look for folder " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every known column as a trimmed string, empty strings as null; absent optional columns as null.
   * Timestamp and date columns of Parquet files stay typed: turning them into text only for
   * {@code Validate} to parse them back costs a format and a parse per value, and they hold no
   * text to trim or check. (A source that mixes typed and text files gets text.)
   */
  private static Dataset<Row> normalize(Source source, Dataset<Row> df) {
    return normalize(source, df, col("_metadata.file_path"), col("_metadata.file_block_start"),
        monotonically_increasing_id());
  }

  /**
   * As above, with the provenance columns given: a mapped export computes them on its scan,
   * before its expressions hide the file's metadata.
   */
  public static Dataset<Row> normalize(Source source, Dataset<Row> df, Column file, Column block, Column row) {
    List<String> present = List.of(df.columns());
    List<Column> cols = new ArrayList<>();
    for (String c : source.columns()) {
      if (!present.contains(c)) {
        cols.add(lit(null).cast(DataTypes.StringType).as(c));
        continue;
      }
      org.apache.spark.sql.types.DataType type = df.schema().apply(c).dataType();
      if (type instanceof org.apache.spark.sql.types.TimestampType
          || type instanceof org.apache.spark.sql.types.TimestampNTZType
          || type instanceof org.apache.spark.sql.types.DateType) {
        cols.add(col("`" + c + "`").as(c));
        continue;
      }
      Column value = org.apache.spark.sql.functions.trim(col("`" + c + "`").cast(DataTypes.StringType));
      cols.add(org.apache.spark.sql.functions.nullif(value, lit("")).as(c));
    }
    cols.add(file.as(FILE_COL));
    cols.add(present.contains(MALFORMED_COL) ? col(MALFORMED_COL) : lit(null).cast(DataTypes.StringType).as(MALFORMED_COL));
    cols.add(block.as(BLOCK_COL));
    cols.add(row.as(ROW_COL));
    for (String extra : List.of(FILTERED_COL, RAW_COL, CHARSET_COL)) {
      if (present.contains(extra)) {
        cols.add(col(extra));
      }
    }
    return df.select(cols.toArray(Column[]::new));
  }

  static void checkColumns(Source source, String file, List<String> found) {
    List<String> missing = new ArrayList<>();
    for (String c : source.required) {
      if (!found.contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new InputException("source '" + source.folder + "': file " + file
          + " lacks required column(s) " + missing + "; columns found: " + found
          + ". Required columns of '" + source.folder + "': " + source.required + ".");
    }
  }

  /** Whether the file is in a date=YYYY-MM-DD folder outside the dates (plus a day either side). */
  static boolean outside(Path dir, Path p, DateRange dates) {
    if (dates == null) {
      return false;
    }
    String rel = dir.toUri().relativize(p.toUri()).getPath();
    for (String segment : rel.split("/")) {
      if (segment.startsWith("date=")) {
        try {
          LocalDate d = LocalDate.parse(segment.substring(5));
          return d.isBefore(dates.from().minusDays(1)) || d.isAfter(dates.to().plusDays(1));
        } catch (java.time.format.DateTimeParseException e) {
          return false;
        }
      }
    }
    return false;
  }

  /**
   * The files under {@code dir}, in path order, leaving out hidden ones: _SUCCESS, .crc files and
   * the like, and whatever is inside a folder so named (Hive-style date=... folders are read).
   * Listed folder by folder with {@code listStatus}: Hadoop's recursive {@code listFiles} builds a
   * LocatedFileStatus per file, whose permissions the local file system reads by running a
   * process per file (1.5 s for the 53 files of a source).
   */
  public static List<FileStatus> dataFiles(FileSystem fs, Path dir) throws IOException {
    List<FileStatus> out = new ArrayList<>();
    java.util.Deque<Path> folders = new java.util.ArrayDeque<>(List.of(dir));
    while (!folders.isEmpty()) {
      for (FileStatus s : fs.listStatus(folders.pop())) {
        String name = s.getPath().getName();
        if (name.startsWith("_") || name.startsWith(".")) {
          continue;
        }
        if (s.isDirectory()) {
          folders.push(s.getPath());
        } else {
          out.add(s);
        }
      }
    }
    out.sort(java.util.Comparator.comparing(s -> s.getPath().toString()));
    return out;
  }

  public static Format formatOf(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (String z : List.of(".gz", ".bz2", ".deflate")) {
      if (n.endsWith(z)) {
        n = n.substring(0, n.length() - z.length());
      }
    }
    if (n.endsWith(".csv")) {
      return Format.CSV;
    }
    if (n.endsWith(".jsonl") || n.endsWith(".json") || n.endsWith(".ndjson")) {
      return Format.JSON;
    }
    if (n.endsWith(".parquet")) {
      return Format.PARQUET;
    }
    return null;
  }

  private static BufferedReader open(FileSystem fs, CompressionCodecFactory codecs, Path p) throws IOException {
    InputStream in = fs.open(p);
    CompressionCodec codec = codecs.getCodec(p);
    if (codec != null) {
      in = codec.createInputStream(in);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  static List<String> csvHeader(FileSystem fs, CompressionCodecFactory codecs, Path p) throws IOException {
    try (BufferedReader r = open(fs, codecs, p)) {
      String line = r.readLine();
      if (line == null) {
        throw new InputException("file " + p + " is empty: a CSV file needs a header row.");
      }
      if (line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      return parseCsvLine(line);
    }
  }

  /** Splits one CSV line (RFC 4180 quotes, "" as an escaped quote). */
  static List<String> parseCsvLine(String line) {
    return parseCsvLine(line, ",");
  }

  /** Splits one line at {@code delimiter} (RFC 4180 quotes, "" as an escaped quote). */
  public static List<String> parseCsvLine(String line, String delimiter) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (line.startsWith(delimiter, i)) {
        out.add(cur.toString().trim());
        cur.setLength(0);
        i += delimiter.length() - 1;
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString().trim());
    return out;
  }

  public static List<String> jsonKeys(FileSystem fs, CompressionCodecFactory codecs, Path p) throws IOException {
    try (BufferedReader r = open(fs, codecs, p)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          List<String> keys = new ArrayList<>();
          try {
            JsonNode node = new ObjectMapper().readTree(line);
            for (Iterator<String> k = node.fieldNames(); k.hasNext(); ) {
              keys.add(k.next());
            }
          } catch (IOException e) {
            throw new InputException("file " + p + ": the first line is not a JSON object: " + e.getMessage());
          }
          return keys;
        }
      }
      throw new InputException("file " + p + " is empty.");
    }
  }

  /**
   * The schema's column names, from the footer alone. The options are built once per source:
   * building them copies the whole Hadoop configuration, which took 10 ms a file (0.5 s for the
   * 53 files of a source), against under 1 ms to read the footer itself.
   */
  public static List<String> parquetColumns(Configuration conf, FileStatus f, ParquetReadOptions footerOnly)
      throws IOException {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromStatus(f, conf), footerOnly)) {
      List<String> names = new ArrayList<>();
      for (Type t : r.getFileMetaData().getSchema().getFields()) {
        names.add(t.getName());
      }
      return names;
    }
  }
}
