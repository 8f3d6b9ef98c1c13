package dev.palisade.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Fills a realm's trail fast: records written straight into the tables with one SQL statement
 * and queued for the sealer, as many nodes writing at once would leave them. Sign-in shaped
 * records of 1,000 members, one in ten a failure, one in three a code exchange.
 */
public final class BulkRecords {

  /** Long enough to chain a million queued records on a loaded 2-core machine (~2,000/s). */
  public static final Duration MILLION_CHAINED = Duration.ofMinutes(30);

  private BulkRecords() {
  }

  /** Queues records numbered {@code from}..{@code to} (their event times) in the realm's trail. */
  public static void queue(Connection db, String realmId, String realmName, long from, long to)
      throws SQLException {
    try (PreparedStatement insert = db.prepareStatement("with ins as (insert into"
        + " palisade_audit_event (id, realm_id, realm_name, event_time, actor_type, actor_id,"
        + " actor_username, action, target_type, target_id, outcome, ip_address, user_agent,"
        + " details_json)"
        + " select gen_random_uuid()::text, ?, ?,"
        + " extract(epoch from now())::bigint * 1000 + i, 'user', 'u-' || (i % 1000),"
        + " 'member' || (i % 1000), case when i % 3 = 0 then 'CODE_TO_TOKEN' else 'LOGIN' end,"
        + " 'user', 'u-' || (i % 1000),"
        + " case when i % 10 = 0 then 'failure:invalid_user_credentials' else 'success' end,"
        + " '192.0.2.' || (i % 250), 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156',"
        + " '{\"auth_method\":\"openid-connect\",\"clientId\":\"portal\",\"redirect_uri\":"
        + "\"https://portal.example.com/callback\",\"username\":\"member' || (i % 1000) || '\"}'"
        + " from generate_series(?::bigint, ?::bigint) i returning id, realm_id, event_time)"
        + " insert into palisade_audit_pending (event_id, realm_id, event_time)"
        + " select id, realm_id, event_time from ins")) {
      insert.setString(1, realmId);
      insert.setString(2, realmName);
      insert.setLong(3, from);
      insert.setLong(4, to);
      insert.execute();
    }
  }

  /**
   * Waits until the sealer has chained every record queued for {@code realmId}, asking the
   * queue every 250 ms and failing after {@code within}.
   */
  public static void awaitChained(Connection db, String realmId, Duration within) {
    Eventually.until("the queued records of realm " + realmId + " chained", within,
        Duration.ofMillis(250), () -> pending(db, realmId), waiting -> waiting == 0);
  }

  private static long pending(Connection db, String realmId) {
    try (PreparedStatement count = db.prepareStatement(
        "select count(*) from palisade_audit_pending where realm_id = ?")) {
      count.setString(1, realmId);
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
