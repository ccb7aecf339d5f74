package io.prochat.rtc.gateway.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Personal huddle join tokens: {@code base64url(callId \n userId \n expiry \n name) . base64url(HMAC-SHA256)}. A
 * token is bound to one call and one user and expires. The key is generated once and kept in the store, so links
 * survive a restart (the room is made again at the next join) and work with every gateway sharing the store.
 * Checked when the join page's WebSocket connects; an established session is not cut when its token expires.
 */
public final class JoinTokens {
    /** Long enough for a working day of joining and re-joining. */
    public static final Duration VALIDITY = Duration.ofHours(12);
    /** The store's name for the key. */
    public static final String KEY_NAME = "huddle.join-tokens.hmac-sha256";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    /** Who a valid token names. */
    public record Claims(String callId, String userId, String name, Instant expiresAt) {
    }

    /** A minted token and when it stops working. */
    public record Minted(String token, Instant expiresAt) {
    }

    private final SecretKeySpec key;
    private final Clock clock;

    public JoinTokens(byte[] secret, Clock clock) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.clock = clock;
    }

    public Minted mint(String callId, String userId, String name) {
        Instant exp = clock.instant().plus(VALIDITY).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String payload = callId + "\n" + userId + "\n" + exp.getEpochSecond() + "\n" + (name == null ? "" : name);
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        return new Minted(B64.encodeToString(p) + "." + B64.encodeToString(mac(p)), exp);
    }

    /**
     * Why a token was refused. Only a token this gateway signed for this call can be {@link #EXPIRED}: anything else,
     * forged, cut, or for another call, is {@link #INVALID}, so the answer says nothing about other calls' links.
     */
    public enum Refusal {
        INVALID("link_invalid"), EXPIRED("link_expired");

        private final String code;

        Refusal(String code) {
            this.code = code;
        }

        /** The stable code the join page and the info endpoint use. */
        public String code() {
            return code;
        }
    }

    /** A check's outcome: the claims of a good token, or why it was refused (exactly one is null). */
    public record Check(Claims claims, Refusal refusal) {
        public boolean ok() {
            return claims != null;
        }
    }

    /** The claims of a valid, unexpired token for {@code callId}; null otherwise. */
    public Claims verify(String token, String callId) {
        return check(token, callId).claims();
    }

    /** Checks {@code token} for {@code callId}: its claims, or whether it was invalid or (genuine but) expired. */
    public Check check(String token, String callId) {
        Check invalid = new Check(null, Refusal.INVALID);
        if (token == null || token.length() > 4096) {
            return invalid;
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return invalid;
        }
        try {
            byte[] p = UNB64.decode(token.substring(0, dot));
            byte[] sig = UNB64.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(sig, mac(p))) {
                return invalid;
            }
            String[] f = new String(p, StandardCharsets.UTF_8).split("\n", 4);
            if (f.length != 4 || !f[0].equals(callId)) {
                return invalid;
            }
            Instant exp = Instant.ofEpochSecond(Long.parseLong(f[2]));
            if (!clock.instant().isBefore(exp)) {
                return new Check(null, Refusal.EXPIRED);
            }
            return new Check(new Claims(f[0], f[1], f[3].isEmpty() ? f[1] : f[3], exp), null);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return invalid;
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
