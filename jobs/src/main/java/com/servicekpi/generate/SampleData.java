package com.servicekpi.generate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Generated input records, in memory (the generator writes them; tests also read them directly). */
public record SampleData(List<RosterRow> roster, List<Message> messages, List<Rating> ratings, List<Order> orders) {
  public record RosterRow(String agentId, String agentName, String teamId, String teamName, String role,
                          LocalDate validFrom, LocalDate validTo) implements java.io.Serializable {}

  public record Message(String messageId, String buyerId, String agentId, String sender, Instant sentAt,
                        String sessionId, String channel) {}

  public record Rating(String agentId, String buyerId, Instant ratedAt, int score) {}

  public record Order(String orderId, String buyerId, Instant createdAt, Instant paidAt, BigDecimal amount) {}
}
