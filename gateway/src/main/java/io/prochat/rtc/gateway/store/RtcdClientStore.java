package io.prochat.rtc.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Registered rtcd clients: client id → bcrypt hash of its key. The keys themselves are never stored. */
public final class RtcdClientStore {
    private final Database db;

    public RtcdClientStore(Database db) {
        this.db = db;
    }

    public Optional<String> keyHash(String clientId) {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("SELECT key_hash FROM rtcd_clients WHERE client_id = ?")) {
            st.setString(1, clientId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read rtcd clients: " + e.getMessage(), e);
        }
    }

    /** @return false when {@code clientId} is already registered */
    public boolean add(String clientId, String keyHash, Instant at) {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement(
                     "INSERT INTO rtcd_clients (client_id, key_hash, registered_at) VALUES (?, ?, ?)")) {
            st.setString(1, clientId);
            st.setString(2, keyHash);
            st.setTimestamp(3, Timestamp.from(at));
            st.executeUpdate();
            db.sync(); // a registration answered 201 survives a crash (docs/security.md, durability)
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) { // unique violation: already registered
                return false;
            }
            throw new StoreException("cannot store rtcd client: " + e.getMessage(), e);
        }
    }

    /** @return false when there was no such client */
    public boolean remove(String clientId) {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("DELETE FROM rtcd_clients WHERE client_id = ?")) {
            st.setString(1, clientId);
            boolean removed = st.executeUpdate() > 0;
            db.sync();
            return removed;
        } catch (SQLException e) {
            throw new StoreException("cannot remove rtcd client: " + e.getMessage(), e);
        }
    }
}
