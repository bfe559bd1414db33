package com.servicekpi.generate;

import com.servicekpi.generate.SampleData.Message;
import com.servicekpi.generate.SampleData.RosterRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The generated shop's phone line and its leads' cuts (spec §6, §8, §9): calls to a pre-sale and an
 * after-sale hotline (busy hours, quick and slow answers, abandons and short abandons, wrap time,
 * a repeated export row and two broken rows), two mentor groups of the pre-sale agents (one agent
 * joins late), and a training session halfway through. Calls are answered only by agents on dates
 * they also chat, so the phone adds figures to their agent-days and no agent-day of its own.
 */
public final class PhoneAndGroups {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final String[][] QUEUES = {{"售前热线", "presale"}, {"售后热线", "aftersale"}};

  private PhoneAndGroups() {}

  /** Writes calls/, groups/ and trainings/ under the input root. */
  public static void write(SampleData data, Generator.Shape shape, Path root) {
    ZoneId zone = shape.zone();
    Random rnd = new Random(shape.seed() * 31 + 7);
    // the agents who chat on a date, by role: a buyer message routed to them that local date
    List<String> presale = new ArrayList<>();
    List<String> aftersale = new ArrayList<>();
    for (RosterRow r : data.roster()) {
      List<String> list = r.role().equals("presale") ? presale : r.role().equals("aftersale") ? aftersale : null;
      if (list != null && !list.contains(r.agentId())) {
        list.add(r.agentId());
      }
    }
    Set<String> chatting = new TreeSet<>();
    for (Message m : data.messages()) {
      if (m.sender().equals("buyer") && m.agentId() != null) {
        chatting.add(m.sentAt().atZone(zone).toLocalDate() + "|" + m.agentId());
      }
    }
    try {
      for (String f : List.of("calls", "groups", "trainings")) {
        Files.createDirectories(root.resolve(f));
      }
      long id = 1;
      try (BufferedWriter w = Files.newBufferedWriter(root.resolve("calls/calls.csv"), StandardCharsets.UTF_8)) {
        w.write("call_id,caller_id,queue_id,agent_id,offered_at,answered_at,ended_at,wrap_s\n");
        String repeated = null;
        for (int d = 0; d < shape.days(); d++) {
          LocalDate date = shape.start().plusDays(d);
          for (String[] queue : QUEUES) {
            List<String> team = queue[1].equals("presale") ? presale : aftersale;
            List<String> on = team.stream().filter(a -> chatting.contains(date + "|" + a)).toList();
            int calls = 10 + rnd.nextInt(12);
            for (int c = 0; c < calls; c++) {
              // busy late mornings and evenings
              int minute = rnd.nextDouble() < 0.6 ? 600 + rnd.nextInt(150) : 540 + rnd.nextInt(720);
              Instant offered = date.atStartOfDay(zone).toInstant().plusSeconds(minute * 60L + rnd.nextInt(60));
              double p = rnd.nextDouble();
              String agent = null;
              Instant answered = null;
              Instant ended;
              String wrap = "";
              if (p < 0.03 || on.isEmpty()) {
                ended = offered.plusSeconds(1 + rnd.nextInt(4)); // hung up at once
              } else if (p < 0.10) {
                ended = offered.plusSeconds(10 + rnd.nextInt(90)); // gave up waiting
              } else {
                agent = on.get(rnd.nextInt(on.size()));
                long wait = (long) (-12 * Math.log(1 - rnd.nextDouble())) + (rnd.nextDouble() < 0.1 ? 30 : 0);
                answered = offered.plusSeconds(wait);
                ended = answered.plusSeconds(60 + rnd.nextInt(360));
                wrap = String.valueOf(rnd.nextInt(40));
              }
              String row = csv("c" + id++, "tel" + (1000 + rnd.nextInt(400)), queue[0], agent, local(offered, zone),
                  answered == null ? null : local(answered, zone), local(ended, zone), wrap);
              w.write(row);
              if (repeated == null && d == 2) {
                repeated = row;
                w.write(row); // overlapping exports: the same row twice
              }
            }
          }
        }
        // broken rows: answered before it was offered, and a negative wrap time
        String day = shape.start().plusDays(Math.min(4, shape.days() - 1)).toString();
        w.write(csv("c" + id++, "tel1001", "售后热线", null, day + " 10:00:00", day + " 09:59:00", day + " 10:05:00", ""));
        w.write(csv("c" + id, "tel1002", "售后热线", null, day + " 11:00:00", day + " 11:00:10", day + " 11:05:00", "-3"));
      }
      try (BufferedWriter w = Files.newBufferedWriter(root.resolve("groups/groups.csv"), StandardCharsets.UTF_8)) {
        w.write("group_id,group_name,agent_id,valid_from,valid_to\n");
        for (int i = 0; i < presale.size(); i++) {
          // the last agent joins the first group ten days in
          LocalDate from = i == presale.size() - 1 ? shape.start().plusDays(10) : shape.start();
          w.write(csv(i % 2 == 0 ? "G1" : "G2", i % 2 == 0 ? "张导师组" : "李导师组", presale.get(i), from.toString(), null));
        }
      }
      try (BufferedWriter w = Files.newBufferedWriter(root.resolve("trainings/trainings.csv"), StandardCharsets.UTF_8)) {
        w.write("training_id,training_name,agent_id,trained_on\n");
        LocalDate on = shape.start().plusDays(shape.days() / 2);
        for (int i = 0; i < presale.size(); i += 3) {
          w.write(csv("TR1", "话术培训", presale.get(i), on.toString()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String local(Instant t, ZoneId zone) {
    return LOCAL.format(t.atZone(zone));
  }

  private static String csv(String... values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      b.append(i == 0 ? "" : ",").append(values[i] == null ? "" : values[i]);
    }
    return b.append('\n').toString();
  }
}
