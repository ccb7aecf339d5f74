package io.prochat.rtc.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hashes of generated API keys. The keys themselves are never stored. */
public final class ApiKeyStore {
    private final Database db;

    public ApiKeyStore(Database db) {
        this.db = db;
    }

    public List<String> hashes() {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("SELECT key_hash FROM api_keys ORDER BY created_at");
             ResultSet rs = st.executeQuery()) {
            List<String> hashes = new ArrayList<>();
            while (rs.next()) {
                hashes.add(rs.getString(1));
            }
            return hashes;
        } catch (SQLException e) {
            throw new StoreException("cannot read API keys: " + e.getMessage(), e);
        }
    }

    public void add(String keyHash, String label, Instant at) {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("INSERT INTO api_keys (key_hash, label, created_at) VALUES (?, ?, ?)")) {
            st.setString(1, keyHash);
            st.setString(2, label);
            st.setTimestamp(3, Timestamp.from(at));
            st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store API key: " + e.getMessage(), e);
        }
        db.sync();
    }
}
