package com.servicekpi.generate;

import com.servicekpi.generate.SampleData.Message;
import com.servicekpi.generate.SampleData.Order;
import com.servicekpi.generate.SampleData.Rating;
import com.servicekpi.generate.SampleData.RosterRow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A realistic customer-service month, deterministic for a seed: presale and aftersale teams with
 * Chinese names, chats with bots, system messages, transfers, unanswered rounds, answers after
 * the window, midnight-crossing rounds, agents writing first, unrouted messages, repeated ratings,
 * orders paid later, unpaid and silent orders, a team change, an agent who left and one who was
 * never in the roster. A period of 20 days or more with 10 agents or more also has three planted
 * unusual agent-days (spec §10), for a lead to find: an agent who answers within a second all day
 * ({@link #FAST}), one who receives a dozen buyers and answers none ({@link #SILENT}), and a sale
 * day on which every agent is four times as busy and one answers twenty times slower than the
 * others ({@link #SLOW}).
 */
public final class Generator {
  public record Shape(int agents, int days, LocalDate start, double visitsPerAgentDay, long seed, ZoneId zone)
      implements Serializable {}

  /**
   * Who works in the shop: the roster, the agents (id, team index, name; the temp worker who is in
   * no roster row last) and the number of distinct buyers.
   */
  public record People(List<RosterRow> roster, List<String[]> agents, int buyers) implements Serializable {}

  /** Where a day's rows go. */
  private record Sink(List<Message> messages, List<Rating> ratings, List<Order> orders) {}

  private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林"};
  private static final String[] GIVEN = {"静", "丽", "敏", "婷", "芳", "娜", "磊", "洋", "勇", "杰", "涛", "明", "欣", "悦", "晨", "琳", "雪", "浩", "宇", "佳"};
  private static final String[][] TEAMS = {
      {"T01", "售前一组", "presale"}, {"T02", "售前二组", "presale"}, {"T03", "售后组", "aftersale"}, {"T04", "质检组", "other"}};

  /** The planted agents, as indexes into {@link People#agents()}. */
  static final int FAST = 4;
  static final int SILENT = 12;
  static final int SLOW = 10;

  /** What a planted agent-day does to a chat. */
  private enum Mode { NORMAL, FAST, SILENT, SLOW, NOT_LATE }

  private final Shape shape;
  private final Random rnd;
  /** The current day's planted agents and their modes, by agent id (empty on other days). */
  private final java.util.Map<String, Mode> planted = new java.util.HashMap<>();
  private long nextMessage = 1;
  private long nextOrder = 1;

  public Generator(Shape shape) {
    this(shape, new Random(shape.seed()), 1, 1);
  }

  private Generator(Shape shape, Random rnd, long firstMessage, long firstOrder) {
    this.shape = shape;
    this.rnd = rnd;
    this.nextMessage = firstMessage;
    this.nextOrder = firstOrder;
  }

  /** The whole period in memory, one random stream: the bundled samples and the tests use this. */
  public SampleData generate() {
    People p = people();
    Sink out = new Sink(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int d = 0; d < shape.days(); d++) {
      day(d, p, 0, p.agents().size(), true, true, out);
    }
    return sorted(p.roster(), out);
  }

  /**
   * One chunk of a large generated input: day {@code d}, agents {@code [from, to)} of
   * {@link #people()}, with a random stream and id ranges of its own, so that chunks can be
   * generated in parallel, in any order, and give the same rows for a seed. Silent orders come
   * with the chunk that starts at agent 0. Ids are unique for up to 10^9 messages and 10^8
   * orders per chunk.
   */
  public static SampleData chunk(Shape shape, People p, int d, int from, int to, long chunkIndex) {
    Random rnd = new Random(shape.seed() * 1_000_003L + chunkIndex * 7_919L + 17);
    Generator g = new Generator(shape, rnd, chunkIndex * 1_000_000_000L + 1, chunkIndex * 100_000_000L + 1);
    Sink out = new Sink(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    g.day(d, p, from, to, from == 0, false, out);
    return new SampleData(List.of(), out.messages(), out.ratings(), out.orders());
  }

  private static SampleData sorted(List<RosterRow> roster, Sink out) {
    out.messages().sort(Comparator.comparing(Message::sentAt).thenComparing(Message::messageId));
    out.ratings().sort(Comparator.comparing(Rating::ratedAt));
    out.orders().sort(Comparator.comparing(Order::createdAt));
    return new SampleData(roster, out.messages(), out.ratings(), out.orders());
  }

  /** The roster and the agents, from the seed's random stream. */
  public People people() {
    int n = Math.max(4, shape.agents());
    List<RosterRow> roster = new ArrayList<>();
    List<String[]> agents = new ArrayList<>(); // id, team index
    for (int i = 0; i < n; i++) {
      int team = i % 10 < 4 ? 0 : i % 10 < 7 ? 1 : i % 10 < 9 ? 2 : 3;
      String id = String.format("a%03d", i + 1);
      String name = SURNAMES[rnd.nextInt(SURNAMES.length)] + GIVEN[rnd.nextInt(GIVEN.length)]
          + (rnd.nextBoolean() ? GIVEN[rnd.nextInt(GIVEN.length)] : "");
      agents.add(new String[] {id, String.valueOf(team), name});
    }
    LocalDate start = shape.start();
    LocalDate mid = start.plusDays(shape.days() / 2);
    for (int i = 0; i < n; i++) {
      String[] a = agents.get(i);
      String[] t = TEAMS[Integer.parseInt(a[1])];
      LocalDate from = start.minusDays(30 + rnd.nextInt(300));
      if (i == 1) {
        // a team change in the middle of the period: T01 -> T02
        roster.add(new RosterRow(a[0], a[2], t[0], t[1], t[2], from, mid));
        roster.add(new RosterRow(a[0], a[2], TEAMS[1][0], TEAMS[1][1], TEAMS[1][2], mid, null));
      } else if (i == 2) {
        // left before the end of the period, yet still receives a few chats
        roster.add(new RosterRow(a[0], a[2], t[0], t[1], t[2], from, start.plusDays(shape.days() * 2 / 3)));
      } else {
        roster.add(new RosterRow(a[0], a[2], t[0], t[1], t[2], from, null));
      }
    }
    // an agent who is in no roster row at all (a temp worker): team _unassigned
    agents.add(new String[] {String.format("a%03d", n + 1), "0", "临时工"});

    int buyers = Math.max(50, (int) (n * shape.days() * shape.visitsPerAgentDay() / 3));
    return new People(roster, agents, buyers);
  }

  /** Whether a shape has the planted unusual agent-days (see the class comment). */
  public static boolean hasPlanted(Shape shape) {
    return shape.days() >= 20 && shape.agents() >= 10;
  }

  /** The dates of the planted agent-days: the fast agent's, the silent agent's and the sale day. */
  public static LocalDate[] plantedDates(Shape shape) {
    return new LocalDate[] {shape.start().plusDays(shape.days() * 2 / 5), shape.start().plusDays(shape.days() * 3 / 5),
        shape.start().plusDays(shape.days() * 4 / 5)};
  }

  /**
   * Day d for agents [from, to) into out; the day's silent orders too when silentOrders, the
   * planted agent-days when plant and the shape has room for them.
   */
  private void day(int d, People p, int from, int to, boolean silentOrders, boolean plant, Sink out) {
    List<String[]> agents = p.agents();
    planted.clear();
    boolean saleDay = false;
    if (plant && hasPlanted(shape)) {
      LocalDate[] dates = plantedDates(shape);
      LocalDate date = shape.start().plusDays(d);
      if (date.equals(dates[0])) {
        planted.put(agents.get(FAST)[0], Mode.FAST);
      } else if (date.equals(dates[1].minusDays(1))) {
        // no chat that crosses midnight into the silent day, where its answer would count
        planted.put(agents.get(SILENT)[0], Mode.NOT_LATE);
      } else if (date.equals(dates[1])) {
        planted.put(agents.get(SILENT)[0], Mode.SILENT);
      } else if (date.equals(dates[2])) {
        planted.put(agents.get(SLOW)[0], Mode.SLOW);
        saleDay = true;
      }
    }
    int buyers = p.buyers();
    List<Message> messages = out.messages();
    List<Rating> ratings = out.ratings();
    List<Order> orders = out.orders();
    LocalDate date = shape.start().plusDays(d);
    long dayStart = date.atStartOfDay(shape.zone()).toEpochSecond();
    for (int ai = from; ai < to; ai++) {
      String[] a = agents.get(ai);
      boolean temp = ai == agents.size() - 1;
      Mode mode = planted.getOrDefault(a[0], Mode.NORMAL);
      double lambda = temp ? 0.5 : shape.visitsPerAgentDay() * (saleDay ? 4 : 1);
      if (mode == Mode.FAST || mode == Mode.SILENT) {
        lambda = Math.max(lambda, 16);
      }
      int visits = poisson(lambda);
      for (int v = 0; v < visits; v++) {
        String buyer = String.format("b%06d", 1 + rnd.nextInt(buyers));
        long t = dayStart + Math.min(secondOfDay(), mode == Mode.NOT_LATE ? 86_400 - 7_200 : 86_400);
        int team = Integer.parseInt(a[1]);
        String other = mode == Mode.SILENT ? null : transferTarget(agents, team, ai);
        long end = chat(messages, buyer, a[0], other, t);
        if (rnd.nextDouble() < 0.3) {
          int score = score();
          long rt = end + 60 + rnd.nextInt(rnd.nextDouble() < 0.1 ? 86_400 : 1_800);
          ratings.add(new Rating(a[0], buyer, Instant.ofEpochSecond(rt), score));
          if (rnd.nextDouble() < 0.08) {
            // rated again (the latest of the day counts); sometimes at the very same second
            long again = rnd.nextBoolean() ? rt : rt + 1 + rnd.nextInt(600);
            ratings.add(new Rating(a[0], buyer, Instant.ofEpochSecond(again), score()));
          }
        }
        double orderChance = team <= 1 ? 0.35 : 0.05;
        if (rnd.nextDouble() < orderChance) {
          long created = t + 120 + (long) (rnd.nextDouble() * (rnd.nextDouble() < 0.8 ? 7_200 : 30 * 3600));
          orders.add(order(buyer, created));
          if (rnd.nextDouble() < 0.1) {
            orders.add(order(buyer, created + 300 + rnd.nextInt(3_600)));
          }
        }
      }
    }
    if (silentOrders) {
      // silent orders: buyers who never chatted that day
      int silent = Math.max(1, (int) (agents.size() * shape.visitsPerAgentDay() * 0.05));
      for (int s = 0; s < silent; s++) {
        orders.add(order(String.format("s%06d", 1 + rnd.nextInt(buyers)), dayStart + secondOfDay()));
      }
    }
  }

  /** One visit: returns the time of its last message. */
  private long chat(List<Message> out, String buyer, String agent, String transferTo, long t) {
    String session = "s" + nextMessage;
    String channel = rnd.nextDouble() < 0.7 ? "app" : "web";
    if (rnd.nextDouble() < 0.03 && planted.get(agent) != Mode.SILENT) {
      // the agent writes first (a follow-up): answers nothing
      out.add(msg(buyer, agent, "agent", t, session, channel));
      t += 30 + rnd.nextInt(600);
    }
    if (rnd.nextDouble() < 0.4) {
      out.add(msg(buyer, agent, "bot", t, session, channel));
      t += 1;
    }
    int rounds = 1 + (rnd.nextDouble() < 0.4 ? 1 : 0) + (rnd.nextDouble() < 0.15 ? 1 : 0);
    String current = agent;
    for (int r = 0; r < rounds; r++) {
      if (r == 1 && transferTo != null && rnd.nextDouble() < 0.08) {
        out.add(msg(buyer, current, "system", t, session, channel));
        current = transferTo;
      }
      Mode mode = planted.getOrDefault(current, Mode.NORMAL);
      int buyerMsgs = 1 + rnd.nextInt(3);
      for (int b = 0; b < buyerMsgs; b++) {
        boolean unrouted = rnd.nextDouble() < 0.015;
        out.add(msg(buyer, unrouted ? null : current, "buyer", t, session, channel));
        t += mode == Mode.FAST ? 0 : rnd.nextInt(40);
      }
      if (mode == Mode.SILENT) {
        t += 600 + rnd.nextInt(3_600);
        continue;
      }
      double p = rnd.nextDouble();
      if (p < 0.06) {
        t += 600 + rnd.nextInt(7_200); // unanswered: the buyer comes back later, or not
        continue;
      }
      long wait = p < 0.07 ? 86_400 + rnd.nextInt(7_200) : (long) Math.exp(Math.log(20) + rnd.nextGaussian() * 0.9);
      wait = mode == Mode.FAST ? 1 : mode == Mode.SLOW && p >= 0.07 ? Math.min(wait * 20, 3_600) : wait;
      t += Math.max(0, wait);
      int agentMsgs = 1 + rnd.nextInt(2);
      for (int m = 0; m < agentMsgs; m++) {
        out.add(msg(buyer, current, "agent", t, session, channel));
        t += 5 + rnd.nextInt(60);
      }
      t += 30 + rnd.nextInt(900);
    }
    if (rnd.nextDouble() < 0.05) {
      out.add(msg(buyer, current, "system", t, session, channel));
    }
    return t;
  }

  private Message msg(String buyer, String agent, String sender, long epochSecond, String session, String channel) {
    return new Message(String.format("m%09d", nextMessage++), buyer, agent, sender,
        Instant.ofEpochSecond(epochSecond), session, channel);
  }

  private Order order(String buyer, long created) {
    BigDecimal amount = BigDecimal.valueOf(19 + rnd.nextInt(980) + rnd.nextInt(100) / 100.0).setScale(2, RoundingMode.HALF_UP);
    double p = rnd.nextDouble();
    Instant paid = p < 0.7 ? Instant.ofEpochSecond(created + 30 + rnd.nextInt(1_800))
        : p < 0.85 ? Instant.ofEpochSecond(created + 3_600 + rnd.nextInt(6 * 86_400)) : null;
    return new Order(String.format("o%08d", nextOrder++), buyer, Instant.ofEpochSecond(created), paid, amount);
  }

  private String transferTarget(List<String[]> agents, int team, int self) {
    for (int k = 1; k < agents.size(); k++) {
      String[] a = agents.get((self + k) % agents.size());
      if (Integer.parseInt(a[1]) == team && (self + k) % agents.size() != agents.size() - 1) {
        return a[0];
      }
    }
    return null;
  }

  private int secondOfDay() {
    double p = rnd.nextDouble();
    if (p < 0.04) {
      return 86_400 - 1 - rnd.nextInt(600); // the last ten minutes: rounds cross midnight
    }
    return 8 * 3600 + rnd.nextInt(16 * 3600 - 600);
  }

  private int score() {
    double p = rnd.nextDouble();
    return p < 0.70 ? 5 : p < 0.85 ? 4 : p < 0.92 ? 3 : p < 0.96 ? 2 : 1;
  }

  private int poisson(double lambda) {
    double l = Math.exp(-lambda);
    double p = 1.0;
    int k = 0;
    do {
      k++;
      p *= rnd.nextDouble();
    } while (p > l && k < 1000);
    return k - 1;
  }
}
