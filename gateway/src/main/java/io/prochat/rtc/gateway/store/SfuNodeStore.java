package io.prochat.rtc.gateway.store;

import io.prochat.rtc.gateway.calls.CallState;
import io.prochat.rtc.gateway.cluster.NodeRow;
import io.prochat.rtc.gateway.cluster.NodeState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SFU nodes and which node each huddle runs on (V5). Every time here is the database's {@code CURRENT_TIMESTAMP}:
 * a node's heartbeat and a gateway's judgement of its age are measured by one clock. Changes are conditional
 * ({@link #markDown}, {@link #move}), so several gateways may do the same work at once and only one wins.
 */
public final class SfuNodeStore {
    private static final String NODE_COLUMNS = "id, public_url, internal_url, ice_host, udp_port, tcp_port, capacity, "
            + "participants, rooms, cpu, state, heartbeat_at";

    private final Database db;

    public SfuNodeStore(Database db) {
        this.db = db;
    }

    /** What a node says of itself when it starts. */
    public record Registration(String id, String publicUrl, String internalUrl, String iceHost, int udpPort,
                               int tcpPort, int capacity) {
    }

    /** Writes the node's row afresh (up, no load, beating now), over any row a previous run of it left. */
    public void register(Registration r) {
        String update = "UPDATE sfu_nodes SET public_url = ?, internal_url = ?, ice_host = ?, udp_port = ?, tcp_port = ?, "
                + "capacity = ?, participants = 0, rooms = 0, cpu = 0, state = ?, heartbeat_at = CURRENT_TIMESTAMP, "
                + "started_at = CURRENT_TIMESTAMP, down_at = NULL WHERE id = ?";
        String insert = "INSERT INTO sfu_nodes (public_url, internal_url, ice_host, udp_port, tcp_port, capacity, "
                + "participants, rooms, cpu, state, heartbeat_at, started_at, id) "
                + "VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ?)";
        try (Connection c = db.connection()) {
            if (write(c, update, r) == 0) {
                write(c, insert, r);
            }
            db.sync();
        } catch (SQLException e) {
            throw new StoreException("cannot register SFU node " + r.id() + ": " + e.getMessage(), e);
        }
    }

    private static int write(Connection c, String sql, Registration r) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            int i = 0;
            st.setString(++i, r.publicUrl());
            st.setString(++i, r.internalUrl());
            st.setString(++i, r.iceHost());
            st.setInt(++i, r.udpPort());
            st.setInt(++i, r.tcpPort());
            st.setInt(++i, r.capacity());
            st.setString(++i, NodeState.UP.wireName());
            st.setString(++i, r.id());
            return st.executeUpdate();
        }
    }

    /**
     * The node's heartbeat with its load; returns the state the store now gives it (a node a gateway marked down
     * while it was silent learns so here), or empty when its row is gone.
     */
    public Optional<NodeState> heartbeat(String id, int participants, int rooms, double cpu) {
        try (Connection c = db.connection()) {
            try (PreparedStatement st = c.prepareStatement("UPDATE sfu_nodes SET heartbeat_at = CURRENT_TIMESTAMP, "
                    + "participants = ?, rooms = ?, cpu = ? WHERE id = ?")) {
                st.setInt(1, participants);
                st.setInt(2, rooms);
                st.setDouble(3, cpu);
                st.setString(4, id);
                if (st.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            try (PreparedStatement st = c.prepareStatement("SELECT state FROM sfu_nodes WHERE id = ?")) {
                st.setString(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(NodeState.parse(rs.getString(1))) : Optional.empty();
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot record the heartbeat of SFU node " + id + ": " + e.getMessage(), e);
        }
    }

    /** Sets a node's state (its own drain, or coming back up after a gateway marked it down). */
    public void setState(String id, NodeState state) {
        update("UPDATE sfu_nodes SET state = ? WHERE id = ?", "set the state of SFU node " + id, state.wireName(), id);
    }

    /** Every registered node, with the age of its heartbeat by the database's clock. */
    public List<NodeRow> nodes() {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("SELECT " + NODE_COLUMNS + ", CURRENT_TIMESTAMP, "
                     + "(SELECT COUNT(*) FROM calls c WHERE c.sfu_node = n.id AND c.state = ?) FROM sfu_nodes n "
                     + "ORDER BY id")) {
            st.setString(1, CallState.ACTIVE.wireName());
            List<NodeRow> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read SFU nodes: " + e.getMessage(), e);
        }
    }

    public Optional<NodeRow> find(String id) {
        return nodes().stream().filter(n -> n.id().equals(id)).findFirst();
    }

    private static NodeRow row(ResultSet rs) throws SQLException {
        Instant beat = rs.getTimestamp(12).toInstant();
        Instant now = rs.getTimestamp(13).toInstant();
        return new NodeRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getDouble(10),
                NodeState.parse(rs.getString(11)), beat, Duration.between(beat, now), rs.getInt(14));
    }

    /**
     * Marks a node down if it has not beaten since {@code seenHeartbeat} (the stale heartbeat this gateway read);
     * true for the one caller that did it, false when another gateway did, or the node beat meanwhile.
     */
    public boolean markDown(String id, Instant seenHeartbeat) {
        return update("UPDATE sfu_nodes SET state = ?, down_at = CURRENT_TIMESTAMP WHERE id = ? AND state <> ? "
                + "AND heartbeat_at = ?", "mark SFU node " + id + " down", NodeState.DOWN.wireName(), id,
                NodeState.DOWN.wireName(), Timestamp.from(seenHeartbeat)) > 0;
    }

    /** Records the node a new huddle runs on. */
    public void assign(String callId, String nodeId) {
        update("UPDATE calls SET sfu_node = ? WHERE id = ?", "place call " + callId, nodeId, callId);
    }

    /** Moves an active call from one node to another; false when it is no longer on {@code from} or has ended. */
    public boolean move(String callId, String from, String to) {
        return update("UPDATE calls SET sfu_node = ? WHERE id = ? AND sfu_node = ? AND state = ?", "move call " + callId,
                to, callId, from, CallState.ACTIVE.wireName()) > 0;
    }

    /** The node a call runs on; empty for a call on no node (Jitsi, or the gateway's own SFU). */
    public Optional<String> nodeOf(String callId) {
        return one("SELECT sfu_node FROM calls WHERE id = ?", callId);
    }

    /** Ids of the active calls on a node. */
    public List<String> activeCallsOn(String nodeId) {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("SELECT id FROM calls WHERE sfu_node = ? AND state = ?")) {
            st.setString(1, nodeId);
            st.setString(2, CallState.ACTIVE.wireName());
            List<String> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the calls of SFU node " + nodeId + ": " + e.getMessage(), e);
        }
    }

    /** An active call on a node marked down: one to move or end. */
    public record Stranded(String callId, String nodeId) {
    }

    /** Active calls on nodes marked down (by this gateway or another one that did not finish moving them). */
    public List<Stranded> strandedCalls() {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("SELECT c.id, c.sfu_node FROM calls c JOIN sfu_nodes n "
                     + "ON c.sfu_node = n.id WHERE c.state = ? AND n.state = ? ORDER BY c.created_at")) {
            st.setString(1, CallState.ACTIVE.wireName());
            st.setString(2, NodeState.DOWN.wireName());
            List<Stranded> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Stranded(rs.getString(1), rs.getString(2)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the calls of lost SFU nodes: " + e.getMessage(), e);
        }
    }

    /** Why a call ended, when it was not a person or the idle sweeper (e.g. its node was lost); set before the end. */
    public void setEndReason(String callId, String reason) {
        update("UPDATE calls SET end_reason = ? WHERE id = ? AND state = ?", "record why call " + callId + " ends",
                reason.length() > 300 ? reason.substring(0, 299) + "…" : reason, callId, CallState.ACTIVE.wireName());
    }

    public Optional<String> endReason(String callId) {
        return one("SELECT end_reason FROM calls WHERE id = ?", callId);
    }

    private Optional<String> one(String sql, String param) {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, param);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read call " + param + ": " + e.getMessage(), e);
        }
    }

    private int update(String sql, String what, Object... params) {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            int n = st.executeUpdate();
            db.sync();
            return n;
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
