package com.servicekpi.generate;

import com.servicekpi.generate.SampleData.Message;
import com.servicekpi.generate.SampleData.Order;
import com.servicekpi.generate.SampleData.Rating;
import com.servicekpi.generate.SampleData.RosterRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes generated data in the input contract, deliberately mixing what real exports mix: CSV and
 * JSON Lines, timestamps with an offset, in UTC (Z) and without an offset (local time), and two
 * message exports that overlap (the same rows twice).
 */
public final class SampleWriter {
  private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter LOCAL_T = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private SampleWriter() {}

  public static void write(SampleData data, Path root, ZoneId zone) {
    try {
      for (String f : List.of("roster", "messages", "ratings", "orders")) {
        Files.createDirectories(root.resolve(f));
      }
      try (BufferedWriter w = Files.newBufferedWriter(root.resolve("roster/roster.csv"), StandardCharsets.UTF_8)) {
        w.write("agent_id,agent_name,team_id,team_name,role,valid_from,valid_to\n");
        for (RosterRow r : data.roster()) {
          w.write(csv(r.agentId(), r.agentName(), r.teamId(), r.teamName(), r.role(), r.validFrom().toString(),
              r.validTo() == null ? null : r.validTo().toString()));
        }
      }
      List<Message> ms = data.messages();
      int cut1 = (int) (ms.size() * 0.55);
      int cut2 = (int) (ms.size() * 0.50); // the second export starts before the first one ends
      try (BufferedWriter w = Files.newBufferedWriter(root.resolve("messages/export-1.csv"), StandardCharsets.UTF_8)) {
        w.write("message_id,buyer_id,agent_id,sender,sent_at,session_id,channel\n");
        for (Message m : ms.subList(0, cut1)) {
          w.write(csv(m.messageId(), m.buyerId(), m.agentId(), m.sender(), WITH_OFFSET.format(m.sentAt().atZone(zone)),
              m.sessionId(), m.channel()));
        }
      }
      try (BufferedWriter w = Files.newBufferedWriter(root.resolve("messages/export-2.jsonl"), StandardCharsets.UTF_8)) {
        for (Message m : ms.subList(cut2, ms.size())) {
          w.write(json("message_id", m.messageId(), "buyer_id", m.buyerId(), "agent_id", m.agentId(),
              "sender", m.sender(), "sent_at", LOCAL.format(m.sentAt().atZone(zone)),
              "session_id", m.sessionId(), "channel", m.channel()));
        }
      }
      try (BufferedWriter w = Files.newBufferedWriter(root.resolve("ratings/ratings.jsonl"), StandardCharsets.UTF_8)) {
        for (Rating r : data.ratings()) {
          w.write("{\"agent_id\":\"" + r.agentId() + "\",\"buyer_id\":\"" + r.buyerId() + "\",\"rated_at\":\""
              + UTC.format(r.ratedAt()) + "\",\"score\":" + r.score() + "}\n");
        }
      }
      try (BufferedWriter w = Files.newBufferedWriter(root.resolve("orders/orders.csv"), StandardCharsets.UTF_8)) {
        w.write("order_id,buyer_id,created_at,paid_at,amount\n");
        for (Order o : data.orders()) {
          w.write(csv(o.orderId(), o.buyerId(), LOCAL_T.format(o.createdAt().atZone(zone)),
              o.paidAt() == null ? null : LOCAL_T.format(o.paidAt().atZone(zone)), o.amount().toPlainString()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write sample data under " + root + ": " + e.getMessage(), e);
    }
  }

  static String csv(String... values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      String v = values[i];
      if (v == null) {
        continue;
      }
      if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
        b.append('"').append(v.replace("\"", "\"\"")).append('"');
      } else {
        b.append(v);
      }
    }
    return b.append('\n').toString();
  }

  static String json(String... keyValues) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] == null) {
        continue;
      }
      if (b.length() > 1) {
        b.append(',');
      }
      b.append('"').append(keyValues[i]).append("\":\"")
          .append(keyValues[i + 1].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return b.append("}\n").toString();
  }

  /** For tests: an Instant as the writer renders it in messages/export-1.csv. */
  public static String withOffset(Instant t, ZoneId zone) {
    return WITH_OFFSET.format(t.atZone(zone));
  }
}
