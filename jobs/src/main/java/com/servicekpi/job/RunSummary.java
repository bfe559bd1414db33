package com.servicekpi.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;

/**
 * What a run read, dropped, rejected and wrote: printed at the end and saved under _runs/, for
 * failed runs too (status "failed", with the error and what was counted before it).
 */
public record RunSummary(
    String runId,
    String status,
    String error,
    String startedAt,
    double seconds,
    String input,
    String output,
    String timezone,
    String rangeFrom,
    String rangeTo,
    Map<String, SourceCounts> sources,
    long unroutedBuyerMessages,
    long systemMessages,
    long botMessages,
    long ordersAttributed,
    long silentOrders,
    long callsAnsweredWithoutAgent,
    Map<String, Long> rowsWritten,
    List<String> dates,
    List<String> months) {

  /**
   * Per source: read = filtered + used + duplicates + rejected (spec §7). {@code absent}: the
   * input has no such source (spec §6.1), and every count is 0.
   */
  public record SourceCounts(long read, long filtered, long used, long duplicates, long rejected,
                             Map<String, Long> topRejectReasons, boolean absent) {}

  public String toJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A short text for the console. */
  public String toText() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("run %s %s in %.1f s (time zone %s)%n", runId, status, seconds, timezone));
    if (error != null) {
      b.append("  error  ").append(error).append(System.lineSeparator());
    }
    b.append(String.format("  input  %s%n  output %s%n", input, output));
    if (rangeFrom != null) {
      b.append(String.format("  range  %s .. %s%n", rangeFrom, rangeTo));
    }
    b.append(String.format("  %-9s %10s %10s %10s %10s %10s%n", "source", "read", "filtered", "used", "duplicate",
        "rejected"));
    sources.forEach((name, c) -> {
      if (c.absent()) {
        b.append(String.format("  %-9s (absent: no folder and no mapping)%n", name));
        return;
      }
      b.append(String.format("  %-9s %10d %10d %10d %10d %10d%n", name, c.read(), c.filtered(), c.used(),
          c.duplicates(), c.rejected()));
      c.topRejectReasons().forEach((reason, n) -> b.append(String.format("      %8d x %s%n", n, reason)));
    });
    // the lines of a source the input does not have would only say 0
    if (present("messages")) {
      b.append(String.format("  messages: %d unrouted buyer messages, %d system, %d bot%n",
          unroutedBuyerMessages, systemMessages, botMessages));
    }
    if (present("orders")) {
      b.append(String.format("  orders: %d attributed to an inquiry, %d silent (静默下单)%n", ordersAttributed,
          silentOrders));
    }
    if (present("calls")) {
      b.append(String.format("  calls: %d answered without an agent_id (in the queue tables, in no agent's row)%n",
          callsAnsweredWithoutAgent));
    }
    b.append("  rows written:");
    rowsWritten.forEach((t, n) -> b.append(' ').append(t).append('=').append(n));
    b.append(System.lineSeparator());
    if (!dates.isEmpty()) {
      b.append(String.format("  dates  %s .. %s (%d dates), months %s%n",
          dates.get(0), dates.get(dates.size() - 1), dates.size(), String.join(", ", months)));
    }
    return b.toString();
  }

  private boolean present(String source) {
    return sources.containsKey(source) && !sources.get(source).absent();
  }
}
