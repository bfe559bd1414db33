package com.servicekpi.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.when;

import com.servicekpi.config.Settings;
import com.servicekpi.formats.InputReader;
import com.servicekpi.sources.Source;
import com.servicekpi.sources.Sources;
import com.servicekpi.staging.RecordNumbers;
import com.servicekpi.staging.Validate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The `check` command: per source, where its rows come from, the export's columns, its first rows
 * before and after the mapping, and the row accounting over the whole input (read = filtered +
 * used + duplicates + rejected) with the top rejection reasons and an example of each. Reads the
 * input as `run` does, validates it with the same rules, and writes nothing.
 */
public final class MappingCheck {
  /** How many rows are shown before and after the mapping. */
  static final int SAMPLE_ROWS = 3;
  private static final java.time.format.DateTimeFormatter LOCAL =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final SparkSession spark;
  private final Settings settings;

  public MappingCheck(SparkSession spark, Settings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  /** One source's findings. {@code counts} is null for an absent source. */
  public record Finding(Source source, Sources.Read read, RunSummary.SourceCounts counts,
                        Map<String, String> examples, String text) {}

  /** Checks every source; a mapping that cannot work at all fails here, as `run` would. */
  public List<Finding> run() {
    spark.conf().set("spark.sql.session.timeZone", settings.timezone().getId());
    Sources sources = new Sources(spark, settings.csvMultiline(), settings.sources());
    // every mapping is read (and so checked) before any source is counted
    List<Sources.Read> reads = new ArrayList<>();
    for (Source s : Source.values()) {
      reads.add(sources.read(settings.inputPath(), s, null));
    }
    List<Finding> out = new ArrayList<>();
    for (Sources.Read r : reads) {
      out.add(check(r));
    }
    return out;
  }

  private Finding check(Sources.Read r) {
    Source source = r.source();
    StringBuilder b = new StringBuilder();
    if (r.absent()) {
      b.append("source '").append(source.folder).append("': absent (no folder ").append(settings.inputPath()).append('/').append(source.folder)
          .append(" and no sources.").append(source.folder).append(" mapping)")
          .append(": `run` goes on without it (it needs messages or calls)")
          .append(System.lineSeparator());
      return new Finding(source, r, null, Map.of(), b.toString());
    }
    b.append(r.mapping() == null ? "source '" + source.folder + "' (folder " + settings.inputPath() + "/"
        + source.folder + ", contract columns)" : r.mapping().describe()).append(System.lineSeparator());
    if (!r.locations().isEmpty()) {
      b.append(String.format("  reads %d %s%n", r.locations().size(), r.locations().size() == 1 ? "location" : "locations"));
      r.locations().stream().limit(5).forEach(l -> b.append("    ").append(l).append(System.lineSeparator()));
      if (r.locations().size() > 5) {
        b.append("    … and ").append(r.locations().size() - 5).append(" more").append(System.lineSeparator());
      }
    }
    if (r.export() != null) {
      b.append("  export columns (").append(r.exportColumns().size()).append("): ")
          .append(String.join(", ", r.exportColumns())).append(System.lineSeparator());
    }
    List<String> contract = new ArrayList<>(source.columns());
    if (List.of(r.rows().columns()).contains(InputReader.FILTERED_COL)) {
      contract.add(InputReader.FILTERED_COL); // true: the filter leaves the row out
    }
    Column[] contractCols = contract.stream().map(c -> col(c)).toArray(Column[]::new);
    java.time.ZoneId zone = settings.timezone();
    List<Row> after = r.rows().select(contractCols).limit(SAMPLE_ROWS).collectAsList();
    List<Row> before = r.export() == null ? List.of() : r.export().limit(SAMPLE_ROWS).collectAsList();
    b.append(r.export() == null ? "  first rows:" : "  first rows, the export's and after the mapping:")
        .append(System.lineSeparator());
    for (int i = 0; i < Math.max(after.size(), before.size()); i++) {
      if (i < before.size()) {
        b.append("    export #").append(i + 1).append("  ").append(render(before.get(i), r.exportColumns(), zone))
            .append(System.lineSeparator());
      }
      if (i < after.size()) {
        b.append(r.export() == null ? "    #" + (i + 1) + "  " : "    mapped #" + (i + 1) + "  ")
            .append(render(after.get(i), contract, zone)).append(System.lineSeparator());
      }
    }

    Dataset<Row> typed = Validate.of(source, r.rows());
    String id = switch (source) {
      case MESSAGES -> "message_id";
      case ORDERS -> "order_id";
      case CALLS -> "call_id";
      default -> null;
    };
    Column ids = id == null ? Validate.usableRows() : count_distinct(when(col(Validate.REASON).isNull(), col(id)));
    long read = 0;
    long filtered = 0;
    long usable = 0;
    long distinct = 0;
    Map<String, Long> rejected = new LinkedHashMap<>();
    for (Row t : Validate.tally(typed, ids).collectAsList()) {
      long n = t.getLong(t.fieldIndex("rows"));
      read += n;
      String reason = t.getString(t.fieldIndex(Validate.REASON));
      if (reason == null) {
        usable = n;
        distinct = t.getLong(t.fieldIndex("ids"));
      } else if (reason.equals(Validate.FILTERED)) {
        filtered = n;
      } else {
        rejected.merge(reason, n, Long::sum);
      }
    }
    long rejectedN = rejected.values().stream().mapToLong(Long::longValue).sum();
    long duplicates = usable - distinct;
    Map<String, Long> top = new LinkedHashMap<>();
    rejected.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(5).forEach(e -> top.put(e.getKey(), e.getValue()));
    RunSummary.SourceCounts counts = new RunSummary.SourceCounts(read, filtered, usable - duplicates, duplicates,
        rejectedN, top, false);
    b.append(String.format("  rows: read %d = filtered %d + used %d + duplicates %d + rejected %d%n",
        read, filtered, counts.used(), duplicates, rejectedN));
    if (source == Source.ORDERS && duplicates > 0) {
      b.append("    (an order_id that repeats with different content is rejected by `run`, all its copies)")
          .append(System.lineSeparator());
    }
    Map<String, String> examples = new LinkedHashMap<>();
    if (rejectedN > 0) {
      for (Row e : RecordNumbers.rejected(r.rows(), typed).filter(col("reason").isin(top.keySet().toArray()))
          .orderBy("file", RecordNumbers.RECORD).collectAsList()) {
        examples.putIfAbsent(e.getString(e.fieldIndex("reason")), e.getString(e.fieldIndex("file")) + " record "
            + (e.isNullAt(e.fieldIndex(RecordNumbers.RECORD)) ? "?" : e.get(e.fieldIndex(RecordNumbers.RECORD)))
            + ": " + e.getString(e.fieldIndex("raw")));
        if (examples.size() == top.size()) {
          break;
        }
      }
      double share = read - filtered == 0 ? 0 : (double) rejectedN / (read - filtered);
      b.append(String.format(Locale.ROOT, "  rejected %.2f%% of the rows kept by the filter (`run` stops above %.2f%%,"
          + " validation.max-rejected-share); top reasons:%n", 100 * share, 100 * settings.trust().maxRejectedShare()));
      top.forEach((reason, n) -> {
        b.append(String.format("    %8d x %s%n", n, reason));
        if (examples.containsKey(reason)) {
          b.append("             e.g. ").append(examples.get(reason)).append(System.lineSeparator());
        }
      });
    }
    return new Finding(source, r, counts, examples, b.toString());
  }


  /** name=value pairs; a timestamp as local time in the run's zone, as the spec's dates take it. */
  private static String render(Row row, List<String> names, java.time.ZoneId zone) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < names.size() && i < row.size(); i++) {
      Object v = row.get(i);
      String text = v == null ? "∅" : v instanceof java.sql.Timestamp t
          ? LOCAL.format(t.toInstant().atZone(zone)) : String.valueOf(v);
      if (text.length() > 40) {
        text = text.substring(0, 39) + "…";
      }
      parts.add(names.get(i) + "=" + text.replace("\n", "\\n").replace("\r", "\\r"));
    }
    return String.join("  ", parts);
  }
}
