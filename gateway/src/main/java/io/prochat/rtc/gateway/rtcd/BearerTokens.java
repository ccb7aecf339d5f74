package io.prochat.rtc.gateway.rtcd;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * rtcd's session cache (rtcd.md §1.1): {@code POST /login} gives a client a 32-character random token (base64url),
 * valid for the configured minutes; one token per client, so a new login revokes the previous one. Kept in memory
 * only, indexed by the token's SHA-256 (a lookup's timing then says nothing about the token). Thread-safe.
 */
final class BearerTokens {
    private record Entry(String clientId, String tokenHash, Instant expiresAt) {
    }

    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> byHash = new HashMap<>();   // guarded by this
    private final Map<String, String> hashByClient = new HashMap<>(); // guarded by this

    BearerTokens(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    synchronized String issue(String clientId) {
        revoke(clientId);
        byte[] raw = new byte[24]; // 192 bits → 32 base64url characters
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String hash = sha256(token);
        byHash.put(hash, new Entry(clientId, hash, clock.instant().plus(lifetime)));
        hashByClient.put(clientId, hash);
        return token;
    }

    /** The client a live token belongs to. */
    synchronized Optional<String> clientOf(String token) {
        Entry e = byHash.get(sha256(token));
        if (e == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(e.expiresAt())) {
            byHash.remove(e.tokenHash());
            hashByClient.remove(e.clientId(), e.tokenHash());
            return Optional.empty();
        }
        return Optional.of(e.clientId());
    }

    synchronized void revoke(String clientId) {
        String old = hashByClient.remove(clientId);
        if (old != null) {
            byHash.remove(old);
        }
    }

    static String sha256(String s) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
