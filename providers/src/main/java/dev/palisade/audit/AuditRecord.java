package dev.palisade.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.palisade.audit.chain.ChainFormat;

/**
 * One audit record as captured, before it has a place in the chain.
 *
 * @param id      unique id (UUID)
 * @param time    epoch milliseconds, UTC
 * @param realmId id of the realm the record belongs to (its chain)
 * @param realm   the realm's name at the time
 * @param action  what happened, e.g. {@code LOGIN} or {@code USER_CREATE}
 * @param outcome {@code success}, or {@code failure:<error>}
 * @param details redacted details; values are strings, lists or maps of the same
 */
public record AuditRecord(String id, long time, String realmId, String realm, Actor actor,
    String action, Target target, String outcome, String ip, String userAgent,
    Map<String, Object> details) {

  /**
   * The record as the API returns it and the chain hashes it: the contract's field names, with
   * {@code seq} and without {@code hash}; from format version 2 on, {@code v} names the form
   * it is hashed in.
   */
  public Map<String, Object> view(long seq, ChainFormat format) {
    Map<String, Object> view = new LinkedHashMap<>();
    if (format != ChainFormat.V1) {
      view.put(ChainFormat.VERSION_MEMBER, format.version());
    }
    view.put("seq", seq);
    view.put("id", id);
    view.put("time", Instant.ofEpochMilli(time).toString());
    view.put("realm", realm);
    Map<String, Object> actorView = new LinkedHashMap<>();
    actorView.put("type", actor.type());
    actorView.put("id", actor.id());
    actorView.put("username", actor.username());
    view.put("actor", actorView);
    view.put("action", action);
    Map<String, Object> targetView = new LinkedHashMap<>();
    targetView.put("type", target.type());
    targetView.put("id", target.id());
    view.put("target", targetView);
    view.put("outcome", outcome);
    view.put("ip", ip);
    view.put("userAgent", userAgent);
    view.put("details", details);
    return view;
  }

  /** Who acted: {@code type} is user, client, service-account, system or anonymous. */
  public record Actor(String type, String id, String username) {

    /** The server itself, acting for nobody in particular. */
    public static final Actor SYSTEM = new Actor("system", null, null);
  }

  /** What was acted on: {@code type} such as user, client, realm; {@code id} its id or path. */
  public record Target(String type, String id) {
  }
}
