package io.prochat.rtc.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Named leases in the shared store ({@code leases}): at most one holder at a time, until {@code expires_at}. Plain
 * statements, the same on H2 and PostgreSQL, so the embedded store behaves as a shared one with one gateway.
 *
 * <p>A lease row rather than a PostgreSQL advisory lock: it works on H2 too (one code path, tested on both), it
 * needs no connection held for as long as the lease (an advisory lock lives and dies with its session, which a pool
 * hands out and takes back), and who holds what and until when is a row an operator can read.
 *
 * <p>Times are the callers' clocks: gateways' clocks must agree to well within a lease's length (NTP does).
 */
public final class LeaseStore {
    private final Database db;

    public LeaseStore(Database db) {
        this.db = db;
    }

    /** Who holds a lease, until when. */
    public record Lease(String name, String holder, Instant expiresAt) {
    }

    /**
     * Takes the lease, or renews it when {@code holder} already has it, until {@code until}. False when someone else
     * holds it and it has not expired at {@code now}. Of two holders racing for a free or expired lease, one wins: the
     * UPDATE's condition is checked again on the locked row, and of two INSERTs the primary key refuses one.
     */
    public boolean acquire(String name, String holder, Instant now, Instant until) {
        String update = "UPDATE leases SET holder = ?, expires_at = ? WHERE name = ? AND (holder = ? OR expires_at <= ?)";
        try (Connection c = db.connection()) {
            try (PreparedStatement st = c.prepareStatement(update)) {
                st.setString(1, holder);
                st.setTimestamp(2, Timestamp.from(until));
                st.setString(3, name);
                st.setString(4, holder);
                st.setTimestamp(5, Timestamp.from(now));
                if (st.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)")) {
                st.setString(1, name);
                st.setString(2, holder);
                st.setTimestamp(3, Timestamp.from(until));
                st.executeUpdate();
                return true;
            }
        } catch (SQLIntegrityConstraintViolationException e) {
            return false; // another holder inserted it first, or holds it
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) { // PostgreSQL's unique violation
                return false;
            }
            throw new StoreException("cannot take the lease " + name + ": " + e.getMessage(), e);
        }
        // no fsync: a lease lost on a power cut is only taken again, after it would have expired anyway
    }

    /** Gives the lease up now, if {@code holder} has it: another gateway need not wait for it to expire. */
    public void release(String name, String holder) {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("DELETE FROM leases WHERE name = ? AND holder = ?")) {
            st.setString(1, name);
            st.setString(2, holder);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot release the lease " + name + ": " + e.getMessage(), e);
        }
    }

    public Optional<Lease> find(String name) {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("SELECT holder, expires_at FROM leases WHERE name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new Lease(name, rs.getString(1), rs.getTimestamp(2).toInstant()))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the lease " + name + ": " + e.getMessage(), e);
        }
    }

    /** The holders of the leases named {@code prefix…} that have not expired at {@code now}. */
    public Set<String> liveHolders(String prefix, Instant now) {
        String sql = "SELECT holder FROM leases WHERE name LIKE ? AND expires_at > ?";
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            st.setTimestamp(2, Timestamp.from(now));
            Set<String> holders = new HashSet<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    holders.add(rs.getString(1));
                }
            }
            return holders;
        } catch (SQLException e) {
            throw new StoreException("cannot read the leases " + prefix + "…: " + e.getMessage(), e);
        }
    }
}
