package io.prochat.rtc.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outbox of Jitsi room teardowns ({@code room_teardowns}). A row is written by {@link CallStore#markEnded} in the
 * transaction that ends the call, so an acknowledged end always leaves either a destroyed room or a row. Workers on
 * several gateways may share one store: an attempt is taken with {@link #claim}, which only one of them wins.
 * Plain statements only, the same on H2 and PostgreSQL.
 */
public final class RoomTeardownStore {
    /** The store's last_error column. */
    static final int MAX_ERROR = 1000;

    private final Database db;

    public RoomTeardownStore(Database db) {
        this.db = db;
    }

    /** One room to destroy. {@code attempts} made so far; {@code givenUpAt} null while it is still tried. */
    public record Teardown(String callId, String room, int attempts, Instant nextAttemptAt, String lastError,
                           Instant givenUpAt, Instant createdAt) {
    }

    /** Writes the row inside the caller's transaction (the end of the call); due at once. */
    static void enqueue(Connection c, String callId, String room, Instant at) throws SQLException {
        String sql = "INSERT INTO room_teardowns (call_id, room, attempts, next_attempt_at, created_at) VALUES (?, ?, 0, ?, ?)";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, callId);
            st.setString(2, room);
            st.setTimestamp(3, Timestamp.from(at));
            st.setTimestamp(4, Timestamp.from(at));
            st.executeUpdate();
        }
    }

    /**
     * Queues the room again, due at once, whether or not a row is still there: for a room made after its call's end
     * had already destroyed nothing (see {@code CallService.create}). Tries count from zero again.
     */
    public void requeue(String callId, String room, Instant at) {
        update(db.dialect().upsertTeardown(), "queue", callId, st -> {
            st.setString(1, callId);
            st.setString(2, room);
            st.setTimestamp(3, Timestamp.from(at));
            st.setTimestamp(4, Timestamp.from(at));
        });
    }

    /** Teardowns not given up whose next attempt is due at {@code now} (all of them with {@code now} null), oldest first. */
    public List<Teardown> due(Instant now, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM room_teardowns WHERE given_up_at IS NULL"
                + (now == null ? "" : " AND next_attempt_at <= ?") + " ORDER BY next_attempt_at, call_id LIMIT ?";
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            int i = 0;
            if (now != null) {
                st.setTimestamp(++i, Timestamp.from(now));
            }
            st.setInt(++i, limit);
            return read(st);
        } catch (SQLException e) {
            throw new StoreException("cannot read room teardowns: " + e.getMessage(), e);
        }
    }

    public Optional<Teardown> find(String callId) {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM room_teardowns WHERE call_id = ?")) {
            st.setString(1, callId);
            List<Teardown> rows = read(st);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        } catch (SQLException e) {
            throw new StoreException("cannot read the room teardown of call " + callId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes the next attempt of a teardown read with {@code attempts} made: counts it and moves the next one to
     * {@code retryAt} before the room is touched, so a crash during the attempt still counts it. False when another
     * worker took it first (or it is gone or given up).
     */
    public boolean claim(String callId, int attempts, Instant retryAt) {
        String sql = "UPDATE room_teardowns SET attempts = ?, next_attempt_at = ? "
                + "WHERE call_id = ? AND attempts = ? AND given_up_at IS NULL";
        int n = update(sql, "claim", callId, st -> {
            st.setInt(1, attempts + 1);
            st.setTimestamp(2, Timestamp.from(retryAt));
            st.setString(3, callId);
            st.setInt(4, attempts);
        });
        return n == 1;
    }

    /** The room is gone: the row goes too. */
    public void done(String callId) {
        update("DELETE FROM room_teardowns WHERE call_id = ?", "delete", callId, st -> st.setString(1, callId));
    }

    /** The attempt failed with {@code error}; {@code givenUpAt} non-null when it was the last. */
    public void failed(String callId, String error, Instant givenUpAt) {
        String text = error == null ? null : error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR - 1) + "…";
        update("UPDATE room_teardowns SET last_error = ?, given_up_at = ? WHERE call_id = ?", "record", callId, st -> {
            st.setString(1, text);
            st.setTimestamp(2, givenUpAt == null ? null : Timestamp.from(givenUpAt));
            st.setString(3, callId);
        });
    }

    /** Rows still tried (not given up). */
    public int pending() {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM room_teardowns WHERE given_up_at IS NULL");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new StoreException("cannot count room teardowns: " + e.getMessage(), e);
        }
    }

    private static final String COLUMNS = "call_id, room, attempts, next_attempt_at, last_error, given_up_at, created_at";

    private static List<Teardown> read(PreparedStatement st) throws SQLException {
        List<Teardown> rows = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                Timestamp givenUp = rs.getTimestamp(6);
                rows.add(new Teardown(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getTimestamp(4).toInstant(),
                        rs.getString(5), givenUp == null ? null : givenUp.toInstant(), rs.getTimestamp(7).toInstant()));
            }
        }
        return rows;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement st) throws SQLException;
    }

    private int update(String sql, String what, String callId, Binder binder) {
        int n;
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            binder.bind(st);
            n = st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + " the room teardown of call " + callId + ": " + e.getMessage(), e);
        }
        db.sync(); // a claimed attempt or a deleted row must not come back after a crash
        return n;
    }
}
