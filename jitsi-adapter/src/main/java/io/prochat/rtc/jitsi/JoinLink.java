package io.prochat.rtc.jitsi;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One participant's way into a Jitsi meeting.
 *
 * <p>The URL contains the token, so both are credentials: {@link #toString()} shows neither.
 *
 * @param url the full link, {@code <base>[/<tenant>]/<room>[?jwt=<token>]#<config overrides>}
 * @param token the JWT, or null when the Jitsi server does not use tokens
 * @param expiresAt when the token stops working, or null when there is no token
 */
public record JoinLink(URI url, String token, Instant expiresAt) {

    public JoinLink {
        Objects.requireNonNull(url, "url");
        if ((token == null) != (expiresAt == null)) {
            throw new IllegalArgumentException("token and expiresAt are both set or both null");
        }
    }

    /** Whether the link carries a token. */
    public boolean signed() {
        return token != null;
    }

    @Override
    public String toString() {
        String where = url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath();
        return "JoinLink[url=" + where + (signed() ? "?jwt=<redacted>" : "") + ", expiresAt=" + expiresAt + "]";
    }
}
