package io.prochat.rtc.gateway.backend;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Room passwords derived from a server secret: HMAC-SHA256(key, room), 128 bits, base64url. Nothing to
 * store, the same after a gateway restart, and different for every room; knowing one room's password
 * tells nothing about another's or about the key. The key is the XMPP service account's password,
 * which every gateway with room control has; rotating it changes the passwords of rooms made afterwards.
 */
final class RoomSecrets {
    private static final String LABEL = "prochat-rtc room password v1:";
    private final SecretKeySpec key;

    RoomSecrets(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("room secrets need a non-empty key");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    String forRoom(String room) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((LABEL + room).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
