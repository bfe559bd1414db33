package com.servicekpi.cli;

import com.servicekpi.config.Settings;
import com.servicekpi.generate.Generator;
import com.servicekpi.generate.ParallelWriter;
import com.servicekpi.generate.PhoneAndGroups;
import com.servicekpi.job.SparkSessions;
import com.servicekpi.generate.SampleData;
import com.servicekpi.generate.SampleWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", header = "Writes a realistic generated input root (test data).", mixinStandardHelpOptions = true,
    description = {"Writes a realistic generated input root: roster, messages, ratings, orders, and with",
        "--format text also calls (two hotlines), groups (two mentor groups), trainings (one session) and,",
        "with 20 days and 10 agents or more, three planted unusual agent-days (an agent who answers within a",
        "second all day, one who answers nobody, and a busy sale day with one very slow agent)."})
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "the input root to write")
  Path out;

  @Option(names = "--agents", defaultValue = "30", description = "number of agents (default ${DEFAULT-VALUE})")
  int agents;

  @Option(names = "--days", defaultValue = "30", description = "number of days (default ${DEFAULT-VALUE})")
  int days;

  @Option(names = "--start", defaultValue = "2026-10-06", description = "first date (default ${DEFAULT-VALUE})")
  LocalDate start;

  @Option(names = "--visits", defaultValue = "4", description = "chats per agent per day (default ${DEFAULT-VALUE})")
  double visits;

  @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--timezone", defaultValue = "Asia/Shanghai", description = "the shop's time zone (default ${DEFAULT-VALUE})")
  String timezone;

  @Option(names = "--format", defaultValue = "text",
      description = "text: CSV and JSON Lines, generated in memory (a few million messages at most);"
          + " parquet: Parquet written in parallel by Spark, for 100 million messages and more (default ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--partitioned", description = "with --format parquet: messages, ratings and orders in date=YYYY-MM-DD folders")
  boolean partitioned;

  @Override
  public Integer call() {
    ZoneId zone = ZoneId.of(timezone);
    Generator.Shape shape = new Generator.Shape(agents, days, start, visits, seed, zone);
    if (format.equals("parquet")) {
      return SparkSessions.with(Settings.load(null), spark -> {
        long t0 = System.nanoTime();
        ParallelWriter.Counts c = ParallelWriter.write(spark, shape, out.toAbsolutePath().toString(), partitioned);
        System.out.printf("wrote %d roster rows, %d messages, %d ratings, %d orders under %s in %.0f s%n",
            c.roster(), c.messages(), c.ratings(), c.orders(), out.toAbsolutePath(), (System.nanoTime() - t0) / 1e9);
        return 0;
      });
    }
    if (!format.equals("text")) {
      throw new IllegalArgumentException("--format '" + format + "': expected text or parquet.");
    }
    if (partitioned) {
      throw new IllegalArgumentException("--partitioned needs --format parquet.");
    }
    SampleData data = new Generator(shape).generate();
    SampleWriter.write(data, out, zone);
    PhoneAndGroups.write(data, shape, out);
    System.out.printf("wrote %d roster rows, %d messages, %d ratings, %d orders, and calls, groups and trainings"
        + " under %s%n", data.roster().size(), data.messages().size(), data.ratings().size(), data.orders().size(),
        out.toAbsolutePath());
    return 0;
  }
}
