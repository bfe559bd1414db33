package com.servicekpi.cli;

import com.servicekpi.config.Settings;
import com.servicekpi.job.KpiJob;
import com.servicekpi.job.ReportJob;
import com.servicekpi.job.RunSummary;
import com.servicekpi.job.SparkSessions;
import com.servicekpi.marts.OutputTable;
import java.io.File;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", header = "Runs the job and the reports on the bundled samples into out/.", mixinStandardHelpOptions = true,
    description = "Runs the job on the bundled data-samples/ into out/, writes the monthly PDFs, and says where everything is.")
final class DemoCommand implements Callable<Integer> {
  /** The buyer-id key of the demo when none is configured: public, so for made-up data only. */
  static final String DEMO_KEY = "service-kpi-demo-key";

  @Option(names = "--input", defaultValue = "data-samples", description = "input root (default ${DEFAULT-VALUE})")
  String input;

  @Option(names = "--output", defaultValue = "out", description = "output root (default ${DEFAULT-VALUE})")
  String output;

  @Option(names = "--conf", description = "a HOCON file whose keys override reference.conf")
  File conf;

  @Override
  public Integer call() {
    Settings s = Settings.load(conf).withInput(input).withOutput(output);
    if (s.trust().buyerIdKey().isEmpty()) {
      // the samples are made up: a fixed, public key is fine here, and only here
      s = s.withBuyerIdKey(DEMO_KEY);
    }
    Settings settings = s;
    return SparkSessions.with(settings, spark -> {
      RunSummary summary = new KpiJob(spark, settings).run(null);
      System.out.print(summary.toText());
      System.out.println();
      System.out.println("Tables (Parquet) under " + new File(output).getAbsolutePath() + ":");
      for (String t : OutputTable.names()) {
        if (summary.rowsWritten().containsKey(t)) {
          System.out.println("  " + new File(output, t).getPath());
        }
      }
      System.out.println("Run summary: " + new File(output, "_runs/" + summary.runId() + ".json").getPath());
      System.out.println();
      System.out.println("Monthly review PDFs:");
      ReportJob reports = new ReportJob(spark, settings);
      for (String month : summary.months()) {
        ReportJob.Result result = reports.run(java.time.YearMonth.parse(month));
        result.files().forEach(f -> System.out.println("  " + f));
        result.messages().forEach(msg -> System.out.println("  (" + msg + ")"));
      }
      System.out.println();
      System.out.println("Team totals per month (team_monthly):");
      spark.read().parquet(new File(output, OutputTable.TEAM_MONTHLY.table).getPath())
          .selectExpr("month", "team_id",
              "CASE team_id WHEN '_all' THEN '(all teams)' WHEN '_unassigned' THEN '(no roster row)'"
                  + " ELSE team_name END AS team_name", "receptions",
              shown("response_rate * 100", "%.1f%%", "response_rate"),
              shown("first_response_avg_s", "%.1f s", "first_response_avg"),
              shown("satisfaction_rate * 100", "%.1f%%", "satisfaction_rate"),
              shown("inquiry_conversion_rate * 100", "%.1f%%", "inquiry_conversion"),
              "sales_amount")
          .orderBy("month", "team_id").show(50, false);
      return 0;
    });
  }

  /** A figure as text for the console table: "—" where it is null (no denominator). */
  private static String shown(String value, String format, String name) {
    return "CASE WHEN " + value + " IS NULL THEN '—' ELSE format_string('" + format + "', " + value + ") END AS " + name;
  }
}
