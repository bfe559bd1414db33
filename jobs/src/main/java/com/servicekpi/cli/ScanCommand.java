package com.servicekpi.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.xxhash64;

import com.servicekpi.config.Settings;
import com.servicekpi.formats.InputReader;
import com.servicekpi.job.SparkSessions;
import com.servicekpi.sources.Source;
import java.io.File;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A bare scan of the input: every source read as `run` reads it, every column the job needs
 * touched once, nothing computed. The lower bound that bench/ compares `run` with; also a quick
 * way to see how many rows an input root holds.
 */
@Command(name = "scan", header = "Reads every source as run does and counts its rows (a benchmark floor).", mixinStandardHelpOptions = true,
    description = {"Reads every source of the input root as `run` does and counts its rows: the",
        "lower bound for the time of `run` (used by bench/)."})
final class ScanCommand implements Callable<Integer> {
  @Option(names = "--input", description = "input root (default: input.path)")
  String input;

  @Option(names = "--conf", description = "a HOCON file whose keys override reference.conf")
  File conf;

  @Override
  public Integer call() {
    Settings s = Settings.load(conf);
    if (input != null) {
      s = s.withInput(input);
    }
    Settings settings = s;
    return SparkSessions.with(settings, spark -> {
      long t0 = System.nanoTime();
      InputReader reader = new InputReader(spark, settings.csvMultiline());
      for (Source source : Source.values()) {
        if (!reader.exists(settings.inputPath(), source)) {
          System.out.printf("%-9s       absent%n", source.folder);
          continue;
        }
        Column[] needed = source.columns().stream().map(c -> col(c)).toArray(Column[]::new);
        Row r = reader.read(settings.inputPath(), source).agg(count(lit(1)), max(xxhash64(needed))).first();
        System.out.printf("%-9s %,12d rows%n", source.folder, r.getLong(0));
      }
      System.out.printf("scanned in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      return 0;
    });
  }
}
