package io.prochat.rtc.gateway.web;

import io.prochat.rtc.gateway.config.TurnConfig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;

/**
 * Time-limited TURN credentials (the TURN REST scheme coturn checks with {@code use-auth-secret}): the user name is
 * {@code <expiry unix seconds>:<user>}, the password base64(HMAC-SHA1(secret, user name)). coturn recomputes the
 * password from the name and refuses an expired one, so nothing is stored or shared but the secret.
 */
public final class TurnCredentials {
    /** One credential. */
    public record Credential(String username, String password, long expiresAt) {
        @Override
        public String toString() {
            return "Credential[username=" + username + ", password=********]";
        }
    }

    private final SecretKeySpec key;
    private final long lifetimeSeconds;
    private final Clock clock;

    public TurnCredentials(TurnConfig turn, Clock clock) {
        this.key = new SecretKeySpec(turn.staticAuthSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA1");
        this.lifetimeSeconds = turn.credentialsExpirationMinutes() * 60L;
        this.clock = clock;
    }

    public Credential issue(String user) {
        long expiry = clock.instant().getEpochSecond() + lifetimeSeconds;
        String username = expiry + ":" + user;
        return new Credential(username, password(username), expiry);
    }

    String password(String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }
}
