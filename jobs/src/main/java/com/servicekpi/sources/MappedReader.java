package com.servicekpi.sources;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import com.servicekpi.formats.InputReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a department's own export through its {@link SourceMapping} (spec §7) into the rows that
 * {@link InputReader} gives for a contract folder: the source's columns, the provenance of each
 * row (file, split, row id), and the mapping's own marks ({@link InputReader#FILTERED_COL},
 * {@link InputReader#RAW_COL}, {@link InputReader#CHARSET_COL}). Expressions and the filter are
 * projections over the one scan of the export: a mapping costs no pass of its own. Everything
 * that can be wrong with a mapping (an unknown column, an expression that does not parse, a file
 * that does not decode) is found here, on the driver, before any Spark job.
 */
public final class MappedReader {
  /** The bytes of each file's start decoded strictly before the run (a wrong encoding fails at once). */
  static final int DECODE_CHECK_BYTES = 64 * 1024;

  private final SparkSession spark;
  private final boolean csvMultiline;

  public MappedReader(SparkSession spark, boolean csvMultiline) {
    this.spark = spark;
    this.csvMultiline = csvMultiline;
  }

  /**
   * A mapped source as read.
   *
   * @param rows the source's rows, as {@link InputReader#read} gives them
   * @param export the export's own rows, before the mapping
   * @param exportColumns the export's column names
   * @param locations the files read, or the database and what of it
   */
  public record Read(Dataset<Row> rows, Dataset<Row> export, List<String> exportColumns, List<String> locations) {}

  /**
   * Spark's ANSI mode (on by default) makes a conversion that fails, such as {@code to_timestamp}
   * of a text that does not match its pattern, stop the whole run. A mapping's expressions are
   * analysed without it, so that such a value gives null and the row is rejected with its raw
   * values instead: expressions take the mode at analysis, which happens here, eagerly.
   */
  public Read read(String root, SourceMapping m) {
    String ansi = "spark.sql.ansi.enabled";
    String before = spark.conf().get(ansi, "true");
    spark.conf().set(ansi, "false");
    try {
      return readLenient(root, m);
    } finally {
      spark.conf().set(ansi, before);
    }
  }

  private Read readLenient(String root, SourceMapping m) {
    Export e = m.isJdbc() ? jdbc(m) : files(root, m);
    List<String> exportColumns = new ArrayList<>();
    for (String c : e.df().columns()) {
      if (!List.of(InputReader.FILE_COL, InputReader.BLOCK_COL, InputReader.ROW_COL, InputReader.MALFORMED_COL)
          .contains(c)) {
        exportColumns.add(c);
      }
    }
    Dataset<Row> exportRows = e.df().select(exportColumns.stream().map(MappedReader::quoted).toArray(Column[]::new));
    Dataset<Row> rows = m.query() != null ? viaQuery(m, exportRows, exportColumns)
        : viaColumns(m, e, exportColumns);
    return new Read(rows, exportRows, exportColumns, e.locations());
  }

  /** The export as scanned, with the provenance columns, and where it came from. */
  private record Export(Dataset<Row> df, List<String> locations, String charset) {}

  private Dataset<Row> viaColumns(SourceMapping m, Export e, List<String> exportColumns) {
    Source source = m.source();
    Dataset<Row> df = e.df();
    List<Column> out = new ArrayList<>();
    for (String c : source.columns()) {
      String expression = m.columns().get(c);
      if (expression != null) {
        out.add(analysed(m, df, exportColumns, "columns." + c, expression, () -> expr(expression)).as(c));
      } else if (exportColumns.contains(c)) {
        out.add(quoted(c).as(c));
      } else if (source.required.contains(c)) {
        throw new InputException(m.describe() + ": required column " + c + " is neither mapped (sources."
            + source.folder + ".columns." + c + ") nor a column of the export. The export's columns: "
            + exportColumns + closest(c, exportColumns) + ".");
      } else {
        out.add(lit(null).cast(DataTypes.StringType).as(c));
      }
    }
    if (m.filter() != null) {
      Column keep = analysed(m, df, exportColumns, "filter", m.filter(),
          () -> coalesce(expr(m.filter()), lit(false)));
      out.add(not(keep).as(InputReader.FILTERED_COL));
    }
    out.add(to_json(struct(exportColumns.stream().map(MappedReader::quoted).toArray(Column[]::new)))
        .as(InputReader.RAW_COL));
    if (e.charset() != null) {
      out.add(lit(e.charset()).as(InputReader.CHARSET_COL));
    }
    for (String p : List.of(InputReader.FILE_COL, InputReader.BLOCK_COL, InputReader.ROW_COL, InputReader.MALFORMED_COL)) {
      if (List.of(df.columns()).contains(p)) {
        out.add(col(p));
      }
    }
    Dataset<Row> mapped = df.select(out.toArray(Column[]::new));
    return InputReader.normalize(source, mapped, col(InputReader.FILE_COL), col(InputReader.BLOCK_COL),
        col(InputReader.ROW_COL));
  }

  private Dataset<Row> viaQuery(SourceMapping m, Dataset<Row> export, List<String> exportColumns) {
    export.createOrReplaceTempView("export");
    Dataset<Row> result;
    try {
      result = spark.sql(m.query());
    } catch (Exception e) { // AnalysisException (ParseException is one), thrown undeclared
      throw new InputException(m.describe() + ": sources." + m.source().folder + ".query does not run: "
          + firstLine(e.getMessage()) + ". The query reads the view `export`, whose columns are " + exportColumns
          + ". Query: " + m.query());
    }
    List<String> got = List.of(result.columns());
    List<String> missing = m.source().required.stream().filter(c -> !got.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new InputException(m.describe() + ": the result of sources." + m.source().folder
          + ".query lacks required column(s) " + missing + "; its columns are " + got + ".");
    }
    Column none = lit(null).cast(DataTypes.LongType);
    return InputReader.normalize(m.source(), result.withColumn(InputReader.MALFORMED_COL,
        lit(null).cast(DataTypes.StringType)), lit("sources." + m.source().folder + ".query"), none, none);
  }

  /**
   * The expression, checked: its analysis over the export (no Spark job) names an unknown column
   * or a syntax error, reported with the source, the key, the expression and the export's columns.
   */
  private static Column analysed(SourceMapping m, Dataset<Row> df, List<String> exportColumns, String key,
                                 String text, java.util.function.Supplier<Column> build) {
    Column c;
    try {
      c = build.get();
      df.select(c);
    } catch (Exception e) { // AnalysisException (ParseException is one), thrown undeclared
      String unknown = unresolved(e);
      throw new InputException(m.describe() + ": sources." + m.source().folder + "." + key + " = \"" + text
          + "\": " + (unknown != null ? "the export has no column " + unknown : firstLine(e.getMessage()))
          + ". The export's columns: " + exportColumns
          + (unknown != null ? closest(unknown.replace("`", ""), exportColumns) : "")
          + ". Back-quote names with spaces or non-ASCII letters, e.g. `发送时间`.");
    }
    return c;
  }

  /** The column an analysis error could not resolve, or null. */
  private static String unresolved(Exception e) {
    if (e instanceof AnalysisException a && a.getErrorClass() != null
        && a.getErrorClass().startsWith("UNRESOLVED_COLUMN")) {
      return a.getMessageParameters().get("objectName");
    }
    return null;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String line = message.strip().split("\\R", 2)[0];
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }

  /** "; the closest is `x`" for the export column nearest to {@code name}, or "" when none is near. */
  static String closest(String name, List<String> columns) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : columns) {
      int d = distance(name.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best == null || bestDistance > Math.max(2, name.length() / 2) ? "" : "; the closest is `" + best + "`";
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static Column quoted(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }

  // ---- databases

  private Export jdbc(SourceMapping m) {
    SourceMapping.Jdbc j = m.jdbc();
    DataFrameReader r = spark.read().format("jdbc").option("url", j.url());
    r = j.table() != null ? r.option("dbtable", j.table()) : r.option("query", j.query());
    if (j.user() != null) {
      r = r.option("user", j.user());
    }
    if (!j.password().isEmpty()) {
      r = r.option("password", j.password().value());
    }
    Dataset<Row> df;
    try {
      df = r.load(); // the driver connects once for the result's columns
    } catch (RuntimeException e) {
      throw new InputException(m.describe() + ": cannot read from the database: " + redact(describe(e), j)
          + ". Check sources." + m.source().folder + ".jdbc (url, " + (j.table() != null ? "table" : "query")
          + ", user, password) and that the database is reachable from the driver and the executors.");
    }
    Column none = lit(null).cast(DataTypes.LongType);
    df = df.withColumn(InputReader.FILE_COL, lit(j.safeUrl() + " " + j.what()))
        .withColumn(InputReader.BLOCK_COL, none).withColumn(InputReader.ROW_COL, none);
    return new Export(df, List.of(j.safeUrl() + " (" + j.what() + ")"), null);
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return firstLine(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
  }

  /** Never a password in a message, even one a driver echoes. */
  private static String redact(String text, SourceMapping.Jdbc j) {
    String out = text.replace(j.url(), j.safeUrl());
    if (!j.password().isEmpty()) {
      out = out.replace(j.password().value(), "***");
    }
    return out;
  }

  // ---- files

  private Export files(String root, SourceMapping m) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path pattern = new Path(m.path());
    if (pattern.toUri().getScheme() == null && !pattern.isAbsolute()) {
      pattern = new Path(root, m.path());
    }
    Map<InputReader.Format, List<FileStatus>> byFormat = new LinkedHashMap<>();
    List<String> locations = new ArrayList<>();
    try {
      FileSystem fs = pattern.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(pattern);
      if (matches == null || matches.length == 0) {
        throw new InputException(m.describe() + ": nothing at " + fs.makeQualified(pattern)
            + " (sources." + m.source().folder + ".path is a file, a folder or a glob, relative to the input root "
            + root + ").");
      }
      for (FileStatus match : matches) {
        List<FileStatus> files = match.isDirectory() ? InputReader.dataFiles(fs, match.getPath()) : List.of(match);
        for (FileStatus f : files) {
          InputReader.Format format = switch (m.format() == null ? "" : m.format()) {
            case "csv" -> InputReader.Format.CSV;
            case "jsonl" -> InputReader.Format.JSON;
            case "parquet" -> InputReader.Format.PARQUET;
            default -> InputReader.formatOf(f.getPath().getName());
          };
          if (format == null) {
            throw new InputException(m.describe() + ": file " + f.getPath() + " has no known extension (.csv, .jsonl,"
                + " .json, .ndjson, .parquet); set sources." + m.source().folder + ".format to csv, jsonl or parquet.");
          }
          byFormat.computeIfAbsent(format, k -> new ArrayList<>()).add(f);
          locations.add(f.getPath().toString());
        }
      }
      if (locations.isEmpty()) {
        throw new InputException(m.describe() + ": " + fs.makeQualified(pattern) + " holds no data files.");
      }
      List<Dataset<Row>> parts = new ArrayList<>();
      String charset = null;
      for (Map.Entry<InputReader.Format, List<FileStatus>> g : byFormat.entrySet()) {
        switch (g.getKey()) {
          case CSV -> {
            parts.add(csv(fs, conf, m, g.getValue()));
            charset = m.csv().utf8() ? null : m.csv().encoding();
          }
          case JSON -> parts.add(json(fs, conf, m, g.getValue()));
          case PARQUET -> parts.add(withProvenance(spark.read().parquet(paths(g.getValue()))));
        }
      }
      Dataset<Row> all = parts.get(0);
      for (int i = 1; i < parts.size(); i++) {
        all = all.unionByName(parts.get(i), true);
      }
      return new Export(all, locations, charset);
    } catch (IOException e) {
      throw new InputException(m.describe() + ": cannot read " + pattern + ": " + e.getMessage(), e);
    }
  }

  private static String[] paths(List<FileStatus> files) {
    return files.stream().map(f -> f.getPath().toString()).toArray(String[]::new);
  }

  private static Dataset<Row> withProvenance(Dataset<Row> scan) {
    return scan.withColumn(InputReader.FILE_COL, col("_metadata.file_path"))
        .withColumn(InputReader.BLOCK_COL, col("_metadata.file_block_start"))
        .withColumn(InputReader.ROW_COL, monotonically_increasing_id());
  }

  private Dataset<Row> csv(FileSystem fs, Configuration conf, SourceMapping m, List<FileStatus> files)
      throws IOException {
    SourceMapping.Csv o = m.csv();
    Charset charset = Charset.forName(o.encoding());
    CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
    List<String> header = null;
    for (FileStatus f : files) {
      String first = firstLine(fs, codecs, f.getPath(), charset, m);
      if (first == null) {
        throw new InputException(m.describe() + ": file " + f.getPath() + " is empty.");
      }
      List<String> fields = InputReader.parseCsvLine(first, o.delimiter());
      List<String> names = new ArrayList<>();
      for (int i = 0; i < fields.size(); i++) {
        names.add(o.header() ? fields.get(i) : "_c" + i);
      }
      if (header == null) {
        header = names;
      } else if (!header.equals(names)) {
        throw new InputException(m.describe() + ": file " + f.getPath() + " has the columns " + names
            + ", other than " + files.get(0).getPath() + " " + header
            + ". Map exports of different layouts as different paths, or make them alike.");
      }
    }
    StructType schema = new StructType();
    List<String> seen = new ArrayList<>();
    for (String h : header) {
      String name = h.isEmpty() || seen.contains(h) || h.startsWith("_") && h.equals(InputReader.MALFORMED_COL)
          ? "_column" + seen.size() : h;
      seen.add(name);
      schema = schema.add(name, DataTypes.StringType, true);
    }
    schema = schema.add(InputReader.MALFORMED_COL, DataTypes.StringType, true);
    // Only UTF-8 splits at line breaks safely: other encodings are parsed as whole files.
    boolean multiLine = csvMultiline || !o.utf8();
    return withProvenance(spark.read()
        .schema(schema)
        .option("header", String.valueOf(o.header()))
        .option("enforceSchema", "true")
        .option("sep", o.delimiter())
        .option("encoding", o.encoding())
        .option("columnNameOfCorruptRecord", InputReader.MALFORMED_COL)
        .option("multiLine", String.valueOf(multiLine))
        .option("escape", "\"")
        .option("mode", "PERMISSIVE")
        .csv(paths(files)));
  }

  private Dataset<Row> json(FileSystem fs, Configuration conf, SourceMapping m, List<FileStatus> files)
      throws IOException {
    CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
    LinkedHashSet<String> keys = new LinkedHashSet<>();
    for (FileStatus f : files) {
      keys.addAll(InputReader.jsonKeys(fs, codecs, f.getPath()));
    }
    StructType schema = new StructType();
    for (String k : keys) {
      schema = schema.add(k, DataTypes.StringType, true);
    }
    schema = schema.add(InputReader.MALFORMED_COL, DataTypes.StringType, true);
    return withProvenance(spark.read().schema(schema).option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", InputReader.MALFORMED_COL).json(paths(files)));
  }

  /**
   * The file's first line, decoded with the source's charset; the first {@value #DECODE_CHECK_BYTES}
   * bytes must decode, so that an export in another encoding than the mapping says stops the run
   * before any work. A UTF-8 byte order mark is not part of the first header.
   */
  private static String firstLine(FileSystem fs, CompressionCodecFactory codecs, Path p, Charset charset,
                                  SourceMapping m) throws IOException {
    byte[] head;
    try (InputStream raw = fs.open(p)) {
      CompressionCodec codec = codecs.getCodec(p);
      InputStream in = codec == null ? raw : codec.createInputStream(raw);
      head = in.readNBytes(DECODE_CHECK_BYTES);
    }
    CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer text = CharBuffer.allocate(head.length + 16);
    ByteBuffer bytes = ByteBuffer.wrap(head);
    // not the end of input: a character cut off at the end of the sample is not an error
    CoderResult result = decoder.decode(bytes, text, head.length < DECODE_CHECK_BYTES);
    if (result.isError()) {
      throw new InputException(m.describe() + ": file " + p + " does not decode as " + charset.name()
          + " (bytes at offset " + bytes.position() + "). Set sources." + m.source().folder
          + ".csv.encoding to the export's encoding (e.g. GBK, GB18030, UTF-16).");
    }
    text.flip();
    String s = text.toString();
    if (s.startsWith("\uFEFF")) {
      s = s.substring(1);
    }
    if (s.isEmpty()) {
      return null;
    }
    int end = s.indexOf('\n');
    String line = end < 0 ? s : s.substring(0, end);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
