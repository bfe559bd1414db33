package com.servicekpi.cli;

import com.servicekpi.config.Settings;
import com.servicekpi.job.MappingCheck;
import com.servicekpi.job.SparkSessions;
import java.io.File;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", header = "Checks an input root and its source mappings in seconds, writing no table.", mixinStandardHelpOptions = true,
    description = {
        "Checks an input root and its source mappings (the sources { } block of --conf) without",
        "computing or writing any table: per source, the files or database rows it reads, the",
        "export's columns, its first rows before and after the mapping, and the row accounting",
        "over the whole input (read = filtered + used + duplicates + rejected) with the top",
        "rejection reasons and an example of each (file, record number, raw values). A mapping",
        "error (an unknown column, an expression that does not parse, a wrong encoding) stops it",
        "with the same message as `run`."})
final class CheckCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "input root: the folder that the mappings' paths are relative to")
  String input;

  @Option(names = "--conf", description = "a HOCON file with sources { } mappings and other settings")
  File conf;

  @Override
  public Integer call() {
    Settings settings = Settings.load(conf).withInput(input);
    return SparkSessions.with(settings, spark -> {
      long t0 = System.nanoTime();
      boolean messages = false;
      for (MappingCheck.Finding f : new MappingCheck(spark, settings).run()) {
        System.out.println(f.text());
        messages |= (f.source() == com.servicekpi.sources.Source.MESSAGES || f.source() == com.servicekpi.sources.Source.CALLS)
            && f.counts() != null;
      }
      System.out.printf("checked in %.1f s; nothing was written.%n", (System.nanoTime() - t0) / 1e9);
      if (!messages) {
        System.out.println("`run` would stop: the input has neither messages nor calls.");
        return 1;
      }
      return 0;
    });
  }
}
