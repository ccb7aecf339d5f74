package io.prochat.rtc.gateway.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/** What the Mattermost integration keeps: each call's card post, used button nonces, and its own keys. */
public final class ChatStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;

    public ChatStore(Database db) {
        this.db = db;
    }

    /** The card of a call; {@code cardEndedAt} is set once the bot has written the ended card. */
    public record ChatPost(String callId, String postId, String channelId, Instant postedAt, Instant cardEndedAt) {
    }

    public void savePost(String callId, String postId, String channelId, Instant at) {
        String sql = "INSERT INTO chat_posts (call_id, post_id, channel_id, posted_at) VALUES (?, ?, ?, ?)";
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, callId);
            st.setString(2, postId);
            st.setString(3, channelId);
            st.setTimestamp(4, Timestamp.from(at));
            st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record the card of call " + callId + ": " + e.getMessage(), e);
        }
        db.sync();
    }

    public Optional<ChatPost> post(String callId) {
        String sql = "SELECT post_id, channel_id, posted_at, card_ended_at FROM chat_posts WHERE call_id = ?";
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, callId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp ended = rs.getTimestamp(4);
                return Optional.of(new ChatPost(callId, rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        ended == null ? null : ended.toInstant()));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the card of call " + callId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Calls that have ended whose card still shows them active: the rewrite after the end did not happen (the
     * gateway died right after the commit, or Mattermost was down). Oldest first, at most {@code limit}.
     */
    public java.util.List<String> endedWithActiveCard(int limit) {
        try (java.sql.Connection c = db.connection();
             java.sql.PreparedStatement st = c.prepareStatement("SELECT p.call_id FROM chat_posts p JOIN calls c"
                     + " ON c.id = p.call_id WHERE c.state = 'ended' AND p.card_ended_at IS NULL"
                     + " ORDER BY c.ended_at LIMIT ?")) {
            st.setInt(1, limit);
            java.util.List<String> ids = new java.util.ArrayList<>();
            try (java.sql.ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (java.sql.SQLException e) {
            throw new StoreException("cannot read cards to rewrite: " + e.getMessage(), e);
        }
    }

    /** A card to rewrite, with the tries already claimed. */
    public record CardDue(String callId, int attempts) {
    }

    /**
     * Cards of ended calls still shown active whose next try is due at {@code now}, with fewer than
     * {@code maxAttempts} tries claimed; oldest end first, at most {@code limit}.
     */
    public java.util.List<CardDue> cardsDue(Instant now, int maxAttempts, int limit) {
        String sql = "SELECT p.call_id, p.card_attempts FROM chat_posts p JOIN calls c ON c.id = p.call_id"
                + " WHERE c.state = 'ended' AND p.card_ended_at IS NULL AND p.card_attempts < ?"
                + " AND (p.card_next_attempt_at IS NULL OR p.card_next_attempt_at <= ?) ORDER BY c.ended_at LIMIT ?";
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setInt(1, maxAttempts);
            st.setTimestamp(2, Timestamp.from(now));
            st.setInt(3, limit);
            java.util.List<CardDue> due = new java.util.ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    due.add(new CardDue(rs.getString(1), rs.getInt(2)));
                }
            }
            return due;
        } catch (SQLException e) {
            throw new StoreException("cannot read cards to rewrite: " + e.getMessage(), e);
        }
    }

    /** Tries claimed so far for the card of a call; empty when it has no card. */
    public Optional<Integer> cardAttempts(String callId) {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("SELECT card_attempts FROM chat_posts WHERE call_id = ?")) {
            st.setString(1, callId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the card of call " + callId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes the next try of a card read with {@code attempts} claimed: counts it and moves the next one to
     * {@code retryAt} before Mattermost is asked, so of several gateways only one makes it, and a gateway that dies
     * during it leaves the card to another once {@code retryAt} passes. False when another took it first, or the card
     * is already rewritten.
     */
    public boolean claimCard(String callId, int attempts, Instant retryAt) {
        String sql = "UPDATE chat_posts SET card_attempts = ?, card_next_attempt_at = ? "
                + "WHERE call_id = ? AND card_attempts = ? AND card_ended_at IS NULL";
        int n;
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setInt(1, attempts + 1);
            st.setTimestamp(2, Timestamp.from(retryAt));
            st.setString(3, callId);
            st.setInt(4, attempts);
            n = st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot claim the card of call " + callId + ": " + e.getMessage(), e);
        }
        db.sync(); // a claim lost on a crash would let a second gateway try the same card at once
        return n == 1;
    }

    public void markCardEnded(String callId, Instant at) {
        String sql = "UPDATE chat_posts SET card_ended_at = ? WHERE call_id = ?";
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setTimestamp(1, Timestamp.from(at));
            st.setString(2, callId);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot mark the card of call " + callId + ": " + e.getMessage(), e);
        }
        db.sync();
    }

    /**
     * Records a nonce as used; false when it already was. The primary key makes this atomic, so two
     * concurrent replays cannot both pass. Nonces used before {@code purgeBefore} are dropped first.
     */
    public boolean useNonce(String key, Instant at, Instant purgeBefore) {
        try (Connection c = db.connection()) {
            try (PreparedStatement purge = c.prepareStatement("DELETE FROM action_nonces WHERE used_at < ?")) {
                purge.setTimestamp(1, Timestamp.from(purgeBefore));
                purge.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO action_nonces (nonce_key, used_at) VALUES (?, ?)")) {
                st.setString(1, key);
                st.setTimestamp(2, Timestamp.from(at));
                st.executeUpdate();
            }
            db.sync(); // a click acknowledged is a click that can never be replayed, even after a power loss
            return true;
        } catch (SQLIntegrityConstraintViolationException e) {
            return false;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) { // unique violation, for drivers that use the plain class
                return false;
            }
            throw new StoreException("cannot record a button nonce: " + e.getMessage(), e);
        }
    }

    /** Gives a nonce back when the work it guarded failed, so the same button can be clicked again. */
    public void releaseNonce(String key) {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("DELETE FROM action_nonces WHERE nonce_key = ?")) {
            st.setString(1, key);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot release a button nonce: " + e.getMessage(), e);
        }
        db.sync();
    }

    /** A 256-bit key kept under {@code name}, generated on first use; of two gateways racing, the first wins. */
    public byte[] secret(String name, Instant at) {
        Optional<byte[]> existing = readSecret(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        String sql = "INSERT INTO gateway_secrets (name, secret, created_at) VALUES (?, ?, ?)";
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, name);
            st.setString(2, Base64.getEncoder().encodeToString(key));
            st.setTimestamp(3, Timestamp.from(at));
            st.executeUpdate();
        } catch (SQLException e) {
            return readSecret(name).orElseThrow(() ->
                    new StoreException("cannot create the key " + name + ": " + e.getMessage(), e));
        }
        db.sync(); // buttons signed with a key lost on a crash would all be refused as forged
        return key;
    }

    private Optional<byte[]> readSecret(String name) {
        try (Connection c = db.connection();
             PreparedStatement st = c.prepareStatement("SELECT secret FROM gateway_secrets WHERE name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(Base64.getDecoder().decode(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the key " + name + ": " + e.getMessage(), e);
        }
    }
}
