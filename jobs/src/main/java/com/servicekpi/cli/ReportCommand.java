package com.servicekpi.cli;

import com.servicekpi.config.Settings;
import com.servicekpi.job.ReportJob;
import com.servicekpi.job.SparkSessions;
import java.io.File;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", header = "Writes the monthly review PDFs (overview and one per team) from the KPI tables.", mixinStandardHelpOptions = true,
    description = {"Writes the monthly review PDFs from the KPI tables under the output root:",
        "REPORTS/YYYY-MM/overview.pdf (all teams) and REPORTS/YYYY-MM/team-<team_id>.pdf."})
final class ReportCommand implements Callable<Integer> {
  @Option(names = "--output", description = "output root holding the KPI tables (default: output.path)")
  String output;

  @Option(names = "--month", required = true, description = "the month, YYYY-MM")
  String month;

  @Option(names = "--reports", description = "where the PDFs go (default: report.path, or OUTPUT/reports)")
  String reports;

  @Option(names = "--conf", description = "a HOCON file whose keys override reference.conf")
  File conf;

  @Override
  public Integer call() {
    Settings s = Settings.load(conf);
    if (output != null) {
      s = s.withOutput(output);
    }
    if (reports != null) {
      s = s.withReportPath(reports);
    }
    YearMonth m;
    try {
      m = YearMonth.parse(month);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--month '" + month + "' is not a month: expected YYYY-MM.");
    }
    Settings settings = s;
    return SparkSessions.with(settings, spark -> {
      ReportJob.Result result = new ReportJob(spark, settings).run(m);
      result.messages().forEach(msg -> System.err.println("service-kpi: " + msg));
      result.files().forEach(f -> System.out.println(f.toAbsolutePath()));
      return 0;
    });
  }
}
