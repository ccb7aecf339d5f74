package io.prochat.rtc.gateway.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secret that lets a new WebSocket take over a huddle session (issue 11, item 1). A session id is no secret: it
 * is in every roster, so anyone in the call knows everyone's. The token is 128 random bits, handed only to the
 * connection that joined, with its {@code joined} message; only its SHA-256 is kept, and a resume must present it
 * (compared in constant time).
 */
final class ResumeTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, byte[]> hashes = new ConcurrentHashMap<>();

    /** A new token for a session just joined; null when it already has one (a resume: the client keeps its own). */
    String issue(String sessionId) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        return hashes.putIfAbsent(sessionId, hash(token)) == null ? token : null;
    }

    /** Whether {@code token} is the one issued for {@code sessionId}. */
    boolean verify(String sessionId, String token) {
        byte[] expected = sessionId == null ? null : hashes.get(sessionId);
        return expected != null && token != null && MessageDigest.isEqual(expected, hash(token));
    }

    /** The session ended: its token no longer resumes anything. */
    void forget(String sessionId) {
        if (sessionId != null) {
            hashes.remove(sessionId);
        }
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
