package com.servicekpi.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of bin/service-kpi and of spark-submit: {@code run}, {@code demo}, {@code generate}. */
@Command(name = "service-kpi", mixinStandardHelpOptions = true, version = "service-kpi 0.1.0",
    description = "Customer-service KPIs per agent and per team from chat logs, ratings, orders and the roster.",
    subcommands = {RunCommand.class, DailyCommand.class, CheckCommand.class, ReportCommand.class, DemoCommand.class, GenerateCommand.class, ScanCommand.class, CommandLine.HelpCommand.class})
public final class Main {
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command and returns its exit status (tests call this instead of main). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOverwrittenOptionsAllowed(true); // bin/service-kpi demo passes defaults that the user may override
    cli.setUsageHelpWidth(110); // the descriptions are written as lines of up to 100 characters
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      cmd.getErr().println("service-kpi: error: " + Errors.describe(ex));
      if (System.getenv("SERVICE_KPI_DEBUG") != null) {
        ex.printStackTrace(cmd.getErr());
      } else {
        cmd.getErr().println("(set SERVICE_KPI_DEBUG=1 for the stack trace)");
      }
      return 1;
    });
    return cli.execute(args);
  }
}
