package com.servicekpi.sources;

import com.servicekpi.formats.InputReader;
import com.servicekpi.model.DateRange;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where each source's rows come from: its mapping (spec §7) when the configuration has one, else
 * the contract folder {@code <input root>/<source>/} (spec §1). A source with neither is absent
 * (spec §6.1): it has no rows, and the run goes on without it.
 */
public final class Sources {
  /** Spark refuses CSV charsets outside a short list unless this is set (GBK, GB18030, Big5, ...). */
  public static final String JAVA_CHARSETS = "spark.sql.legacy.javaCharsets";

  private final SparkSession spark;
  private final InputReader folders;
  private final MappedReader mapped;
  private final Map<Source, SourceMapping> mappings;

  public Sources(SparkSession spark, boolean csvMultiline, Map<Source, SourceMapping> mappings) {
    this.spark = spark;
    this.folders = new InputReader(spark, csvMultiline);
    this.mapped = new MappedReader(spark, csvMultiline);
    this.mappings = mappings;
    spark.conf().set(JAVA_CHARSETS, "true");
  }

  /**
   * One source as read.
   *
   * @param rows the source's columns as text (or typed timestamps), with the rows' provenance
   * @param absent whether the input has no such source (then rows is empty)
   * @param mapping the source's mapping, or null for a contract folder
   * @param export the mapped export's own rows (null without a mapping)
   * @param exportColumns the mapped export's columns (empty without a mapping)
   * @param locations the files, or the database, read (empty for a contract folder)
   */
  public record Read(Source source, Dataset<Row> rows, boolean absent, SourceMapping mapping, Dataset<Row> export,
                     List<String> exportColumns, List<String> locations) {}

  /**
   * @param dates with a contract folder, the dates whose date=YYYY-MM-DD subfolders are read
   *     (null: all); a mapped export is read whole
   */
  public Read read(String root, Source source, DateRange dates) {
    SourceMapping m = mappings.get(source);
    if (m != null) {
      MappedReader.Read r = mapped.read(root, m);
      return new Read(source, r.rows(), false, m, r.export(), r.exportColumns(), r.locations());
    }
    if (!folders.exists(root, source)) {
      return new Read(source, InputReader.empty(spark, source), true, null, null, List.of(), List.of());
    }
    return new Read(source, folders.read(root, source, dates), false, null, null, List.of(), List.of());
  }
}
