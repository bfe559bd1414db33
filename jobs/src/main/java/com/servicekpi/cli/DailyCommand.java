package com.servicekpi.cli;

import com.servicekpi.config.Settings;
import com.servicekpi.job.DailyJob;
import com.servicekpi.job.SparkSessions;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "daily", header = "The scheduled run: recomputes the trailing days up to a date and prints what changed.", mixinStandardHelpOptions = true,
    description = {"The scheduled run: recomputes DATE and the days before it (restate.days in all,",
        "default 8: orders are paid and ratings arrive after the day ends) and the months they",
        "touch, then prints which dates and months changed and by how much. Needs --input (or",
        "input.path) and the buyer-id key SERVICE_KPI_BUYER_ID_KEY, as run does."})
final class DailyCommand implements Callable<Integer> {
  @Option(names = "--date", description = "last date to compute, YYYY-MM-DD (default: yesterday in the configured time zone)")
  String date;

  @Mixin
  RootOptions roots;

  @Override
  public Integer call() {
    Settings s = roots.settings();
    LocalDate day = date == null ? LocalDate.now(s.timezone()).minusDays(1) : RunCommand.date("--date", date);
    Settings settings = s;
    return SparkSessions.with(settings, spark -> {
      DailyJob.Result r = new DailyJob(spark, settings).run(day);
      System.out.print(r.summary().toText());
      System.out.printf("restated %s .. %s: %s%n", r.range().from(), r.range().to(),
          r.changes().isEmpty() ? "nothing changed (all teams)" : "changes (all teams):");
      r.changes().forEach(c -> System.out.println("  " + c));
      return 0;
    });
  }
}
