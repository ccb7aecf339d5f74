package io.prochat.rtc.gateway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.CallKind;
import io.prochat.rtc.gateway.calls.CallNeeds;
import io.prochat.rtc.gateway.calls.CallState;
import io.prochat.rtc.gateway.calls.Participant;
import io.prochat.rtc.gateway.calls.Person;
import io.prochat.rtc.gateway.calls.Route;
import io.prochat.rtc.gateway.config.RoutingMode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** Calls and their participants in the store. Plain JDBC: a handful of statements needs no ORM. */
public final class CallStore {
    private static final String CALL_COLUMNS = "id, requested_kind, kind, backend, route_reason, route_fallback, "
            + "route_mode, title, channel_id, created_by_id, created_by_name, created_by_email, created_by_avatar, "
            + "needs_json, room, join_url, state, created_at, ended_at";

    private final Database db;
    private final ObjectMapper json;

    public CallStore(Database db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    public void insert(Call call) {
        insert(call, null);
    }

    /** @param roomHolder the gateway instance whose in-memory SFU holds the call's room; null: none */
    public void insert(Call call, String roomHolder) {
        insertUnsynced(call, roomHolder);
        db.sync();
    }

    /** The insert without its fsync: for measuring what the fsync costs (StoreSyncLauncher). */
    void insertUnsynced(Call call) {
        insertUnsynced(call, null);
    }

    private void insertUnsynced(Call call, String roomHolder) {
        String sql = "INSERT INTO calls (" + CALL_COLUMNS + ", room_holder) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            Route route = call.route();
            int i = 0;
            st.setString(++i, call.id());
            st.setString(++i, call.requestedKind().wireName());
            st.setString(++i, route.kind().wireName());
            st.setString(++i, route.backend().wireName());
            st.setString(++i, route.reason());
            st.setBoolean(++i, route.fallback());
            st.setString(++i, route.mode().configName());
            st.setString(++i, call.title());
            st.setString(++i, call.channelId());
            st.setString(++i, call.createdBy().userId());
            st.setString(++i, call.createdBy().name());
            st.setString(++i, call.createdBy().email());
            st.setString(++i, call.createdBy().avatarUrl());
            st.setString(++i, json.writeValueAsString(call.needs()));
            st.setString(++i, call.room());
            st.setString(++i, call.joinUrl());
            st.setString(++i, call.state().wireName());
            st.setTimestamp(++i, Timestamp.from(call.createdAt()));
            st.setTimestamp(++i, call.endedAt() == null ? null : Timestamp.from(call.endedAt()));
            st.setString(++i, roomHolder);
            st.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException("cannot store call " + call.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Marks an active call ended and returns when; empty when it was not active (already ended, or unknown).
     * The time is read from {@code clock} only once the call's row is locked, so a join recorded while
     * this waited for the lock can never carry a later time than the end.
     */
    public Optional<Instant> markEnded(String id, Supplier<Instant> clock) {
        return markEnded(id, clock, null);
    }

    /**
     * {@link #markEnded(String, Supplier)}, and in the same transaction the room {@code teardownRoom} queued for
     * destruction ({@link RoomTeardownStore}); null queues nothing. So once the end is acknowledged, the room is
     * destroyed sooner or later even if the gateway dies right after the commit.
     */
    public Optional<Instant> markEnded(String id, Supplier<Instant> clock, String teardownRoom) {
        return underRowLock(id, c -> {
            Instant at = clock.get();
            try (PreparedStatement st = c.prepareStatement("UPDATE calls SET state = ?, ended_at = ? WHERE id = ?")) {
                st.setString(1, CallState.ENDED.wireName());
                st.setTimestamp(2, Timestamp.from(at));
                st.setString(3, id);
                st.executeUpdate();
            }
            if (teardownRoom != null) {
                RoomTeardownStore.enqueue(c, id, teardownRoom, at);
            }
            return at;
        }, "end call " + id);
    }

    /** Runs {@code work} in one transaction holding the call's row lock, if the call is active. */
    private <T> Optional<T> underRowLock(String id, SqlWork<T> work, String what) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement st = c.prepareStatement("SELECT state FROM calls WHERE id = ? FOR UPDATE")) {
                    st.setString(1, id);
                    try (ResultSet rs = st.executeQuery()) {
                        if (!rs.next() || !CallState.ACTIVE.wireName().equals(rs.getString(1))) {
                            c.rollback();
                            return Optional.empty();
                        }
                    }
                }
                T result = work.run(c);
                c.commit();
                db.sync();
                return Optional.of(result);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    public Optional<Call> find(String id) {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("SELECT " + CALL_COLUMNS + " FROM calls WHERE id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(readCall(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read call " + id + ": " + e.getMessage(), e);
        }
    }

    /** Newest first; null filters match everything. */
    public List<Call> list(String channelId, CallState state, int limit) {
        return list(channelId, state, null, limit);
    }

    /**
     * The page of {@link #list(String, CallState, int)} that follows {@code after}, the last call of the previous
     * page; null = the first page. Keyed on the order itself, so ending calls between pages skips none.
     */
    public List<Call> list(String channelId, CallState state, Call after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + CALL_COLUMNS + " FROM calls WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (channelId != null) {
            sql.append(" AND channel_id = ?");
            args.add(channelId);
        }
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state.wireName());
        }
        if (after != null) {
            sql.append(" AND (created_at < ? OR (created_at = ? AND id > ?))");
            args.add(Timestamp.from(after.createdAt()));
            args.add(Timestamp.from(after.createdAt()));
            args.add(after.id());
        }
        sql.append(" ORDER BY created_at DESC, id LIMIT ?");
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql.toString())) {
            int i = 0;
            for (Object arg : args) {
                st.setObject(++i, arg);
            }
            st.setInt(++i, limit);
            List<Call> calls = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    calls.add(readCall(rs));
                }
            }
            return calls;
        } catch (SQLException e) {
            throw new StoreException("cannot list calls: " + e.getMessage(), e);
        }
    }

    /** The room holder of every active call that has one, by call id. */
    public java.util.Map<String, String> activeRoomHolders() {
        String sql = "SELECT id, room_holder FROM calls WHERE state = 'active' AND room_holder IS NOT NULL";
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql);
             ResultSet rs = st.executeQuery()) {
            java.util.Map<String, String> holders = new java.util.HashMap<>();
            while (rs.next()) {
                holders.put(rs.getString(1), rs.getString(2));
            }
            return holders;
        } catch (SQLException e) {
            throw new StoreException("cannot read the room holders: " + e.getMessage(), e);
        }
    }

    /** Calls held by {@code holder} that ended at or after {@code since}: rooms another gateway may have ended. */
    public List<String> endedHeldBy(String holder, Instant since) {
        String sql = "SELECT id FROM calls WHERE room_holder = ? AND state = 'ended' AND ended_at >= ?";
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, holder);
            st.setTimestamp(2, Timestamp.from(since));
            List<String> ids = new java.util.ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new StoreException("cannot read the ended calls of " + holder + ": " + e.getMessage(), e);
        }
    }

    public int countActive() {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM calls WHERE state = ?")) {
            st.setString(1, CallState.ACTIVE.wireName());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count calls: " + e.getMessage(), e);
        }
    }

    /**
     * Records a personal join if, and only if, the call is still active, under the call's row lock (see
     * {@link #markEnded}); the time comes from {@code clock} once the lock is held. A second join by the
     * same user keeps the first time and updates the rest. Empty when the call has ended.
     */
    public Optional<Participant> addParticipantIfActive(String callId, Person person, boolean moderator,
                                                        Supplier<Instant> clock) {
        String upsert = db.dialect().upsertParticipant();
        boolean postgres = db.dialect() == Database.Dialect.POSTGRES;
        return underRowLock(callId, c -> {
            Instant now = clock.get();
            try (PreparedStatement st = c.prepareStatement(upsert)) {
                st.setString(1, callId);
                st.setString(2, person.userId());
                st.setString(3, person.name());
                st.setString(4, person.email());
                st.setBoolean(5, moderator);
                if (postgres) {
                    st.setTimestamp(6, Timestamp.from(now));
                } else {
                    st.setString(6, callId);
                    st.setString(7, person.userId());
                    st.setTimestamp(8, Timestamp.from(now));
                }
                st.executeUpdate();
            }
            return new Participant(callId, person, moderator, now);
        }, "record participant of call " + callId);
    }

    public List<Participant> participants(String callId) {
        String sql = "SELECT user_id, name, email, moderator, joined_at FROM participants WHERE call_id = ? ORDER BY joined_at, user_id";
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, callId);
            List<Participant> list = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Person person = new Person(rs.getString(1), rs.getString(2), rs.getString(3), null);
                    list.add(new Participant(callId, person, rs.getBoolean(4), rs.getTimestamp(5).toInstant()));
                }
            }
            return list;
        } catch (SQLException e) {
            throw new StoreException("cannot read participants of call " + callId + ": " + e.getMessage(), e);
        }
    }

    /** Participants of active calls: {sessions, distinct users}. */
    public int[] activeParticipantCounts() {
        String sql = "SELECT COUNT(*), COUNT(DISTINCT p.user_id) FROM participants p JOIN calls c ON c.id = p.call_id WHERE c.state = ?";
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, CallState.ACTIVE.wireName());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new int[] {rs.getInt(1), rs.getInt(2)};
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count participants: " + e.getMessage(), e);
        }
    }

    private Call readCall(ResultSet rs) throws SQLException {
        Route route = new Route(
                CallKind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                Backend.parse(rs.getString("backend")),
                rs.getString("route_reason"),
                rs.getBoolean("route_fallback"),
                RoutingMode.parse(rs.getString("route_mode")));
        Person createdBy = new Person(rs.getString("created_by_id"), rs.getString("created_by_name"),
                rs.getString("created_by_email"), rs.getString("created_by_avatar"));
        Timestamp ended = rs.getTimestamp("ended_at");
        return new Call(
                rs.getString("id"),
                CallKind.valueOf(rs.getString("requested_kind").toUpperCase(Locale.ROOT)),
                route,
                rs.getString("title"),
                rs.getString("channel_id"),
                createdBy,
                readNeeds(rs.getString("needs_json")),
                rs.getString("room"),
                rs.getString("join_url"),
                CallState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                rs.getTimestamp("created_at").toInstant(),
                ended == null ? null : ended.toInstant());
    }

    private CallNeeds readNeeds(String text) throws SQLException {
        try {
            return json.readValue(text, CallNeeds.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored needs are not valid JSON", e);
        }
    }
}
