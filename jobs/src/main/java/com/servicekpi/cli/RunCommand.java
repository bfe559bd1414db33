package com.servicekpi.cli;

import com.servicekpi.config.Settings;
import com.servicekpi.job.KpiJob;
import com.servicekpi.job.RunSummary;
import com.servicekpi.job.SparkSessions;
import com.servicekpi.model.DateRange;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", header = "Computes the KPI tables of an input root into the output root.", mixinStandardHelpOptions = true,
    description = {
        "Reads the input root (folders roster, messages, ratings, orders, calls, groups, trainings; each",
        "may be absent but messages or calls are needed, and a --conf file's sources { } mappings read a",
        "department's own exports instead) and writes the tables of docs/kpi-spec.md under the output",
        "root: receptions, agent_daily, team_daily, agent_monthly, team_monthly, and with their sources",
        "the queue, group, training_effect and agent_flags tables. With --from/--to only the dates of",
        "that range and the months it touches are replaced.",
        "Needs the buyer-id key: SERVICE_KPI_BUYER_ID_KEY (or privacy.buyer-id-key in the --conf file),",
        "a secret string kept the same across runs; receptions stores HMAC-SHA-256(key, buyer_id)."},
    footer = {"", "Exit status: 0 done, 1 bad input or a failed run (the message says which file and row),",
        "2 a usage error (an unknown option, a missing value)."})
final class RunCommand implements Callable<Integer> {
  @Mixin
  RootOptions roots;

  @Option(names = "--from", description = "first date to compute, YYYY-MM-DD (with --to)")
  String from;

  @Option(names = "--to", description = "last date to compute, YYYY-MM-DD (with --from)")
  String to;

  @Override
  public Integer call() {
    Settings s = roots.settings();
    DateRange range = range(from, to);
    Settings settings = s;
    return SparkSessions.with(settings, spark -> {
      RunSummary summary = new KpiJob(spark, settings).run(range);
      System.out.print(summary.toText());
      return 0;
    });
  }

  static DateRange range(String from, String to) {
    if (from == null && to == null) {
      return null;
    }
    if (from == null || to == null) {
      throw new IllegalArgumentException("--from and --to go together: give both, or neither to compute every date in the input.");
    }
    return new DateRange(date("--from", from), date("--to", to));
  }

  static LocalDate date(String option, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " '" + value + "' is not a date: expected YYYY-MM-DD.");
    }
  }
}
