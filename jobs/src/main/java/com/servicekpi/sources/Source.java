package com.servicekpi.sources;

import java.util.ArrayList;
import java.util.List;

/** The input sources of the spec (§1, §6, §8, §9), with their required and optional columns. */
public enum Source {
  ROSTER("roster",
      List.of("agent_id", "team_id", "role", "valid_from"),
      List.of("agent_name", "team_name", "valid_to")),
  MESSAGES("messages",
      List.of("message_id", "buyer_id", "sender", "sent_at"),
      List.of("agent_id", "session_id", "channel")),
  RATINGS("ratings",
      List.of("agent_id", "buyer_id", "rated_at", "score"),
      List.of()),
  ORDERS("orders",
      List.of("order_id", "buyer_id", "created_at", "amount"),
      List.of("paid_at")),
  CALLS("calls",
      List.of("call_id", "offered_at", "ended_at"),
      List.of("caller_id", "queue_id", "agent_id", "answered_at", "wrap_s")),
  GROUPS("groups",
      List.of("group_id", "agent_id", "valid_from"),
      List.of("group_name", "valid_to")),
  TRAININGS("trainings",
      List.of("training_id", "agent_id", "trained_on"),
      List.of("training_name"));

  public final String folder;
  public final List<String> required;
  public final List<String> optional;

  Source(String folder, List<String> required, List<String> optional) {
    this.folder = folder;
    this.required = required;
    this.optional = optional;
  }

  /** The sources' folder names, for messages. */
  public static List<String> folders() {
    List<String> out = new ArrayList<>();
    for (Source s : values()) {
      out.add(s.folder);
    }
    return out;
  }

  /** Required columns first, then optional ones: the columns a raw dataset of this source has. */
  public List<String> columns() {
    List<String> all = new ArrayList<>(required);
    all.addAll(optional);
    return all;
  }
}
