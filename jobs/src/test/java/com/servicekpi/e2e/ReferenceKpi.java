package com.servicekpi.e2e;

import com.servicekpi.generate.SampleData;
import com.servicekpi.generate.SampleData.Message;
import com.servicekpi.generate.SampleData.Order;
import com.servicekpi.generate.SampleData.Rating;
import com.servicekpi.generate.SampleData.RosterRow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A second, deliberately plain implementation of the spec: a procedural walk over in-memory
 * records, written from the spec text without looking at the Spark code's structure. The
 * differential test compares its tables with the Spark job's.
 */
final class ReferenceKpi {
  private final ZoneId zone;
  private final Duration window;
  private final int windowDays;

  ReferenceKpi(ZoneId zone, Duration window, int windowDays) {
    this.zone = zone;
    this.window = window;
    this.windowDays = windowDays;
  }

  record Round(LocalDate date, String agent, String buyer, Instant start, boolean answered, Double response) {}

  static final class Reception {
    LocalDate date;
    String agent;
    String buyer;
    List<Round> rounds = new ArrayList<>();
    RosterRow roster;
    boolean ordered;
    boolean paid;
    BigDecimal sales = BigDecimal.ZERO.setScale(2);

    Instant first() {
      return rounds.get(0).start();
    }

    boolean inquiry() {
      return roster != null && roster.role().equals("presale");
    }
  }

  /** Table name -> key string -> column -> value. */
  Map<String, Map<String, Map<String, Object>>> compute(SampleData data) {
    // §2.1-2.3
    Map<String, Message> byId = new LinkedHashMap<>();
    for (Message m : data.messages()) {
      byId.putIfAbsent(m.messageId(), m);
    }
    Map<String, List<Message>> conversations = new TreeMap<>();
    for (Message m : byId.values()) {
      if (m.agentId() == null || !(m.sender().equals("buyer") || m.sender().equals("agent"))) {
        continue;
      }
      conversations.computeIfAbsent(m.buyerId() + "|" + m.agentId(), k -> new ArrayList<>()).add(m);
    }
    // §2.4: the walk, as written in the spec
    List<Round> rounds = new ArrayList<>();
    for (List<Message> conv : conversations.values()) {
      conv.sort(Comparator.comparing(Message::sentAt).thenComparing(Message::messageId));
      Message open = null;
      for (Message m : conv) {
        if (m.sender().equals("buyer")) {
          if (open == null) {
            open = m;
          } else if (!date(m.sentAt()).equals(date(open.sentAt()))) {
            rounds.add(round(open, false, null));
            open = m;
          }
        } else if (open != null) {
          Duration wait = Duration.between(open.sentAt(), m.sentAt());
          if (wait.compareTo(window) <= 0) {
            rounds.add(round(open, true, wait.toNanos() / 1e9));
          } else {
            rounds.add(round(open, false, null));
          }
          open = null;
        }
      }
      if (open != null) {
        rounds.add(round(open, false, null));
      }
    }
    // §2.5
    Map<String, Reception> receptions = new TreeMap<>();
    for (Round r : rounds) {
      Reception rec = receptions.computeIfAbsent(r.date() + "|" + r.agent() + "|" + r.buyer(), k -> new Reception());
      rec.date = r.date();
      rec.agent = r.agent();
      rec.buyer = r.buyer();
      rec.rounds.add(r);
    }
    for (Reception rec : receptions.values()) {
      rec.rounds.sort(Comparator.comparing(Round::start));
      rec.roster = rosterOn(data.roster(), rec.agent, rec.date);
    }
    // §4
    Map<String, List<Reception>> inquiriesByBuyer = new HashMap<>();
    for (Reception rec : receptions.values()) {
      if (rec.inquiry()) {
        inquiriesByBuyer.computeIfAbsent(rec.buyer, k -> new ArrayList<>()).add(rec);
      }
    }
    for (Order o : data.orders()) {
      LocalDate orderDate = date(o.createdAt());
      Reception best = null;
      for (Reception rec : inquiriesByBuyer.getOrDefault(o.buyerId(), List.of())) {
        if (rec.first().isAfter(o.createdAt()) || rec.date.isBefore(orderDate.minusDays(windowDays))) {
          continue;
        }
        if (best == null || rec.first().isAfter(best.first())
            || (rec.first().equals(best.first()) && rec.agent.compareTo(best.agent) < 0)) {
          best = rec;
        }
      }
      if (best != null) {
        best.ordered = true;
        if (o.paidAt() != null) {
          best.paid = true;
          best.sales = best.sales.add(o.amount());
        }
      }
    }
    // §3
    Map<String, Rating> counted = new HashMap<>();
    for (Rating r : data.ratings()) {
      String key = r.agentId() + "|" + r.buyerId() + "|" + date(r.ratedAt());
      Rating cur = counted.get(key);
      if (cur == null || r.ratedAt().isAfter(cur.ratedAt())
          || (r.ratedAt().equals(cur.ratedAt()) && r.score() > cur.score())) {
        counted.put(key, r);
      }
    }
    // §5
    Map<String, Map<String, Map<String, Object>>> tables = new LinkedHashMap<>();
    Map<String, Acc> agentDaily = new TreeMap<>();
    Map<String, Acc> teamDaily = new TreeMap<>();
    Map<String, Acc> agentMonthly = new TreeMap<>();
    Map<String, Acc> teamMonthly = new TreeMap<>();
    for (Reception rec : receptions.values()) {
      String team = rec.roster == null ? "_unassigned" : rec.roster.teamId();
      String month = rec.date.toString().substring(0, 7);
      for (Acc a : List.of(
          acc(agentDaily, rec.date + "|" + rec.agent, rec.date, rec.roster, rec.agent),
          acc(teamDaily, rec.date + "|" + team, rec.date, rec.roster, null),
          acc(teamDaily, rec.date + "|_all", rec.date, null, null),
          acc(agentMonthly, month + "|" + rec.agent, rec.date, rec.roster, rec.agent),
          acc(teamMonthly, month + "|" + team, rec.date, rec.roster, null),
          acc(teamMonthly, month + "|_all", rec.date, null, null))) {
        a.add(rec);
      }
    }
    for (Rating r : counted.values()) {
      LocalDate d = date(r.ratedAt());
      RosterRow row = rosterOn(data.roster(), r.agentId(), d);
      String team = row == null ? "_unassigned" : row.teamId();
      String month = d.toString().substring(0, 7);
      for (Acc a : List.of(
          acc(agentDaily, d + "|" + r.agentId(), d, row, r.agentId()),
          acc(teamDaily, d + "|" + team, d, row, null),
          acc(teamDaily, d + "|_all", d, null, null),
          acc(agentMonthly, month + "|" + r.agentId(), d, row, r.agentId()),
          acc(teamMonthly, month + "|" + team, d, row, null),
          acc(teamMonthly, month + "|_all", d, null, null))) {
        a.ratings++;
        a.satisfied += r.score() >= 4 ? 1 : 0;
        a.dissatisfied += r.score() <= 2 ? 1 : 0;
      }
    }
    tables.put("agent_daily", finish(agentDaily));
    tables.put("team_daily", finish(teamDaily));
    tables.put("agent_monthly", finish(agentMonthly));
    tables.put("team_monthly", finish(teamMonthly));
    Map<String, Map<String, Object>> recRows = new TreeMap<>();
    for (Reception rec : receptions.values()) {
      Map<String, Object> m = new HashMap<>();
      m.put("team_id", rec.roster == null ? "_unassigned" : rec.roster.teamId());
      m.put("rounds", (long) rec.rounds.size());
      m.put("answered_rounds", rec.rounds.stream().filter(Round::answered).count());
      m.put("first_response_s", rec.rounds.get(0).response());
      m.put("ordered", rec.ordered);
      m.put("paid", rec.paid);
      m.put("sales_amount", rec.sales);
      recRows.put(rec.date + "|" + rec.agent + "|" + rec.buyer, m);
    }
    tables.put("receptions", recRows);
    return tables;
  }

  /** Accumulates one row of an aggregate table. */
  static final class Acc {
    LocalDate lastDate;
    RosterRow lastRoster;
    String agent;
    boolean team;
    long receptions;
    long replied;
    long rounds;
    long answered;
    double responseSum;
    List<Double> firstResponses = new ArrayList<>();
    long ratings;
    long satisfied;
    long dissatisfied;
    Set<String> inquiries = new HashSet<>();
    Set<String> ordered = new HashSet<>();
    Set<String> paid = new HashSet<>();
    BigDecimal sales = BigDecimal.ZERO.setScale(2);
    Set<String> agents = new HashSet<>();

    void add(Reception rec) {
      receptions++;
      boolean rep = rec.rounds.stream().anyMatch(Round::answered);
      replied += rep ? 1 : 0;
      rounds += rec.rounds.size();
      for (Round r : rec.rounds) {
        if (r.answered()) {
          answered++;
          responseSum += r.response();
        }
      }
      if (rec.rounds.get(0).answered()) {
        firstResponses.add(rec.rounds.get(0).response());
      }
      String buyerDay = rec.date + "|" + rec.buyer;
      if (rec.inquiry()) {
        inquiries.add(buyerDay);
        if (rec.ordered) {
          ordered.add(buyerDay);
        }
        if (rec.paid) {
          paid.add(buyerDay);
        }
      }
      sales = sales.add(rec.sales);
      agents.add(rec.agent); // a head count: distinct agents over the key's dates (spec v2 §5)
    }
  }

  private static Acc acc(Map<String, Acc> table, String key, LocalDate d, RosterRow row, String agent) {
    Acc a = table.computeIfAbsent(key, k -> new Acc());
    a.agent = agent;
    a.team = agent == null;
    if (a.lastDate == null || d.isAfter(a.lastDate)) {
      a.lastDate = d;
      a.lastRoster = row;
    }
    return a;
  }

  private static Map<String, Map<String, Object>> finish(Map<String, Acc> accs) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    accs.forEach((key, a) -> {
      Map<String, Object> m = new HashMap<>();
      if (!a.team) {
        m.put("team_id", a.lastRoster == null ? "_unassigned" : a.lastRoster.teamId());
        m.put("agent_name", a.lastRoster == null ? null : a.lastRoster.agentName());
      } else {
        m.put("agents", (long) a.agents.size());
      }
      m.put("receptions", a.receptions);
      m.put("replied", a.replied);
      m.put("response_rate", ratio(a.replied, a.receptions));
      m.put("answered_rounds", a.answered);
      m.put("rounds", a.rounds);
      m.put("first_response_avg_s", a.firstResponses.isEmpty() ? null
          : a.firstResponses.stream().mapToDouble(Double::doubleValue).sum() / a.firstResponses.size());
      m.put("first_response_p50_s", percentile(a.firstResponses, 0.5));
      m.put("first_response_p90_s", percentile(a.firstResponses, 0.9));
      m.put("response_avg_s", a.answered == 0 ? null : a.responseSum / a.answered);
      m.put("ratings", a.ratings);
      m.put("satisfied", a.satisfied);
      m.put("dissatisfied", a.dissatisfied);
      m.put("satisfaction_rate", ratio(a.satisfied, a.ratings));
      m.put("inquiries", (long) a.inquiries.size());
      m.put("ordered_buyers", (long) a.ordered.size());
      m.put("paid_buyers", (long) a.paid.size());
      m.put("inquiry_conversion_rate", ratio(a.ordered.size(), a.inquiries.size()));
      m.put("paid_conversion_rate", ratio(a.paid.size(), a.inquiries.size()));
      m.put("sales_amount", a.sales);
      m.put("avg_order_value", a.paid.isEmpty() ? null
          : a.sales.divide(BigDecimal.valueOf(a.paid.size()), 2, RoundingMode.HALF_UP));
      out.put(key, m);
    });
    return out;
  }

  private static Double ratio(long n, long d) {
    return d == 0 ? null : (double) n / d;
  }

  static Double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> v = new ArrayList<>(values);
    v.sort(null);
    double pos = p * (v.size() - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return v.get(lo) + (v.get(hi) - v.get(lo)) * (pos - lo);
  }

  private Round round(Message open, boolean answered, Double response) {
    return new Round(date(open.sentAt()), open.agentId(), open.buyerId(), open.sentAt(), answered, response);
  }

  private LocalDate date(Instant t) {
    return t.atZone(zone).toLocalDate();
  }

  private static RosterRow rosterOn(List<RosterRow> roster, String agent, LocalDate d) {
    for (RosterRow r : roster) {
      if (r.agentId().equals(agent) && !d.isBefore(r.validFrom()) && (r.validTo() == null || d.isBefore(r.validTo()))) {
        return r;
      }
    }
    return null;
  }
}
