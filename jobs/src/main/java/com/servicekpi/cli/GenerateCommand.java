package com.servicekpi.cli;

import com.servicekpi.generate.Generator;
import com.servicekpi.generate.SampleData;
import com.servicekpi.generate.SampleWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Writes a realistic generated input root (roster, messages, ratings, orders).")
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

  @Override
  public Integer call() {
    ZoneId zone = ZoneId.of(timezone);
    SampleData data = new Generator(new Generator.Shape(agents, days, start, visits, seed, zone)).generate();
    SampleWriter.write(data, out, zone);
    System.out.printf("wrote %d roster rows, %d messages, %d ratings, %d orders under %s%n",
        data.roster().size(), data.messages().size(), data.ratings().size(), data.orders().size(), out.toAbsolutePath());
    return 0;
  }
}
